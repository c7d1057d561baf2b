using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FactDesk.Core.Import;
using FactDesk.Core.Sessions;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Claims;
using FactDesk.Web.Features.Export;
using FactDesk.Web.Features.FactChecks;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.FactChecks;
using FactDesk.Web.Tests.Infrastructure;
using FactDesk.Web.Tests.Realtime;
using FactDesk.Web.Tests.Sessions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using FactDesk.Web.Api;

namespace FactDesk.Web.Tests.Review;

/// <summary>
/// Every write path (the HTTP API, the hub, the services the pages call, annotation import, revisions, session actions,
/// article import) against every rule (role, the lock after sign-off, the blind pass, a stale version). Each cell sets
/// the rule up on a fresh article, writes through the path and checks the answer and that nothing was stored (or, in a
/// blind pass, that what was stored stays private). A path the table does not know fails
/// <see cref="Table_EveryWritePathOfTheApp_IsInTheTable"/>: add its row, and say for each rule why it does not apply.
/// </summary>
[Collection(SessionsCollection.Name)]
public sealed class WritePathRulesTests(RealtimeFixture fixture)
{
    public enum Rule { Role, Lock, Blind, Stale }

    /// <summary>What a rule does to a path: refuses it, lets it through privately (blind pass), or does not apply (and why).</summary>
    private sealed record Cell(Expect Expect, string? Why = null);

    private enum Expect { Refused, Private, NotApplicable }

    private static Cell Refused => new(Expect.Refused);
    private static Cell Private => new(Expect.Private);
    private static Cell NA(string why) => new(Expect.NotApplicable, why);

    /// <summary>One write through one path, by <see cref="Target.Actor"/>, at <see cref="Target.Version"/>.</summary>
    private delegate Task<WriteStatus> Write(WritePathRulesTests test, Target target);

    private sealed record Path(string Key, Write Run, bool EditorsOnly, Cell Lock, Cell Blind, Cell Stale);

    private sealed record Target(Member Actor, int ArticleId, JsonElement[] Claims, int Version, int SessionId, int EvidenceId)
    {
        public int ClaimId => Claims[0].Id();
        public JsonElement Claim => Claims[0];
        public JsonElement Second => Claims[1];
    }

    private const string NoVersion = "takes no claim version";
    private const string SessionOver = "refused as 'the session is signed off' (checked by the Lock cell of the session's rows)";

    /// <summary>Between a path and the action of one of its rows, where one path does several things (match actions).</summary>
    private const string ActionMark = " · ";

    private static readonly Path[] Paths = BuildPaths();

    private RealtimeFixture App => fixture;

    private static Path[] BuildPaths()
    {
        // The claim-level operations, each through the API, the hub and the service the pages call.
        var ops = new (string Api, string Hub, string Service, Func<Channel, Target, Task<WriteStatus>> Run, Cell Lock, Cell Blind, Cell Stale)[]
        {
            ("PATCH /api/claims/{id:int}", "UpdateClaim", "ReviewService.UpdateClaimAsync", (c, t) => c.Patch(t), Refused, Refused, Refused),
            ("POST /api/articles/{id:int}/claims", "AddClaim", "ReviewService.AddClaimAsync", (c, t) => c.AddClaim(t),
                NA("a claim added after sign-off is a new, unsigned claim"), NA("a claim's span is shared structure, not a judgement"), NA(NoVersion)),
            ("POST /api/claims/{id:int}/dismiss", "DismissClaim", "ReviewService.SetDismissedAsync", (c, t) => c.Dismiss(t), Refused, NA("dismissing is structure, not a judgement"), Refused),
            ("POST /api/claims/{id:int}/restore", "RestoreClaim", "", (c, t) => c.Restore(t), Refused, NA("restoring is structure, not a judgement"), Refused),
            ("POST /api/claims/{id:int}/split", "SplitClaim", "ReviewService.SplitClaimAsync", (c, t) => c.Split(t), Refused, NA("splitting is structure, not a judgement"), Refused),
            ("POST /api/claims/merge", "MergeClaims", "ReviewService.MergeClaimsAsync", (c, t) => c.Merge(t), Refused, NA("merging is structure, not a judgement"), Refused),
            ("", "", "ReviewService.ReattachClaimAsync", (c, t) => c.Reattach(t), Refused, NA("re-attaching is structure, not a judgement"), Refused),
            ("POST /api/claims/{id:int}/evidence", "AddEvidence", "ReviewService.AddEvidenceAsync", (c, t) => c.AddEvidence(t), Refused, Private, NA(NoVersion)),
            ("DELETE /api/evidence/{id:int}", "RemoveEvidence", "ReviewService.RemoveEvidenceAsync", (c, t) => c.RemoveEvidence(t), Refused,
                NA("removes shared evidence; its Event is as public as the evidence was"), NA(NoVersion)),
            ("POST /api/claims/{id:int}/notes", "AddNote", "ReviewService.AddNoteAsync", (c, t) => c.AddNote(t), Refused, Private, NA(NoVersion)),
            ("POST /api/sessions/{id:int}/proposals", "Propose", "SessionService.ProposeAsync", (c, t) => c.Propose(t), Refused, Private, NA(NoVersion)),
        };
        var paths = new List<Path>();
        foreach (var op in ops)
        {
            if (op.Api.Length > 0) paths.Add(new("api " + op.Api, (test, t) => op.Run(new Channel(test, Via.Api), t), false, op.Lock, op.Blind, op.Stale));
            if (op.Hub.Length > 0) paths.Add(new("hub " + op.Hub, (test, t) => op.Run(new Channel(test, Via.Hub), t), false, op.Lock, op.Blind, op.Stale));
            if (op.Service.Length > 0) paths.Add(new("service " + op.Service, (test, t) => op.Run(new Channel(test, Via.Service), t), false, op.Lock, op.Blind, op.Stale));
        }

        // Editors' operations: annotation import, revisions, article import and the session actions.
        var editorOps = new (string Api, string Service, Func<Channel, Target, Task<WriteStatus>> Run, bool EditorsOnly, Cell Lock, Cell Blind, Cell Stale)[]
        {
            ("POST /api/articles/{id:int}/annotations", "AnnotationImportService.ImportAsync", (c, t) => c.ImportAnnotations(t), false, Refused, Refused, Refused),
            ("POST /api/articles/{id:int}/revisions", "RevisionService.ApplyAsync", (c, t) => c.Revise(t), true, Refused, NA("Editors only; Editors are not blind"), NA("re-anchors every claim by quote, not by version")),
            ("POST /api/articles", "ImportService.SaveAsync", (c, t) => c.ImportArticle(t), true, NA("creates a new article"), NA("creates a new article"), NA("creates a new article")),
            ("POST /api/articles/{id:int}/sessions", "SessionService.StartAsync", (c, t) => c.StartSession(t), true, NA("a new session may follow a signed-off one"), NA("Editors only; Editors are not blind"), NA(NoVersion)),
            ("POST /api/sessions/{id:int}/balance", "SessionService.BalanceAsync", (c, t) => c.Balance(t), true, Refused, NA("Editors only; Editors are not blind"), NA("assigns the claims as they are now")),
            ("POST /api/sessions/{id:int}/reveal", "SessionService.RevealAsync", (c, t) => c.Reveal(t), true, Refused, NA("ends the blind pass"), NA(NoVersion)),
            ("POST /api/sessions/{id:int}/votes", "SessionService.VoteAsync", (c, t) => c.Vote(t), true, Refused, Refused, NA(NoVersion)),
            ("POST /api/sessions/{id:int}/signoff", "SessionService.SignOffAsync", (c, t) => c.SignOff(t), true, Refused, Refused, NA(NoVersion)),
            ("POST /api/claims/rescore", "ReviewService.RescoreArticleAsync", (c, t) => c.Rescore(t), true,
                NA("re-scoring skips signed-off claims, which stay as signed off (RescoreTests)"), NA("Editors only; Editors are not blind"), NA("the score is the model's: no claim version")),
            ("PUT /api/articles/{id:int}/fact-check-url", "ReviewService.SetFactCheckUrlAsync", (c, t) => c.SetFactCheckUrl(t), true,
                NA("publishing information: it is set after sign-off, when the fact-check is published"), NA("Editors only; Editors are not blind"), NA(NoVersion)),
            ("POST /api/claims/{id:int}/corrections", "SessionService.CorrectAsync", (c, t) => c.Correct(t), true,
                NA("the one way to change a signed-off claim (Editors, with a note); see SignOffTests"), NA("only after sign-off, when no pass is blind"), Refused),
        };
        foreach (var op in editorOps)
        {
            paths.Add(new("api " + op.Api, (test, t) => op.Run(new Channel(test, Via.Api), t), op.EditorsOnly, op.Lock, op.Blind, op.Stale));
            paths.Add(new("service " + op.Service, (test, t) => op.Run(new Channel(test, Via.Service), t), op.EditorsOnly, op.Lock, op.Blind, op.Stale));
        }

        // Match actions ("Checked before"): one path, three actions that change different things, so a row each
        // (the part after ActionMark names the action). The table's set-up always has an open session, so "same claim"
        // proposes there (a proposal takes no version); its version check outside a session is in MatchActionRulesTests.
        var matchOps = new (string Action, Cell Lock, Cell Blind, Cell Stale)[]
        {
            ("link", Refused, Private, NA("adds evidence, which takes no claim version")),
            ("same", Refused, Private, NA("proposes in the open session; a proposal takes no claim version")),
            ("dismiss", Refused, Private, NA("a judgement on the match, not on the claim's fields: takes no claim version")),
        };
        foreach (var op in matchOps)
        {
            paths.Add(new("api POST /api/claims/{id:int}/matches/actions" + ActionMark + op.Action, (test, t) => new Channel(test, Via.Api).ActOnMatch(t, op.Action), false, op.Lock, op.Blind, op.Stale));
            paths.Add(new("service MatchActions.ActAsync" + ActionMark + op.Action, (test, t) => new Channel(test, Via.Service).ActOnMatch(t, op.Action), false, op.Lock, op.Blind, op.Stale));
        }
        return [.. paths];
    }

    public static TheoryData<string, Rule> Cells()
    {
        var data = new TheoryData<string, Rule>();
        foreach (var path in Paths)
        foreach (var rule in Enum.GetValues<Rule>())
            data.Add(path.Key, rule);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task WritePath_UnderRule_EnforcesIt(string key, Rule rule)
    {
        var path = Paths.Single(p => p.Key == key);
        var cell = rule switch
        {
            Rule.Role => Refused,
            Rule.Lock => path.Lock,
            Rule.Blind => path.Blind,
            _ => path.Stale,
        };
        if (cell.Expect == Expect.NotApplicable)
        {
            Assert.False(string.IsNullOrWhiteSpace(cell.Why), $"{key} × {rule}: a rule that does not apply says why.");
            return;
        }

        var target = await SetUpAsync(rule, path);
        var before = await fixture.Editor.Http.GetEventsAsync(target.ArticleId);
        var status = await path.Run(this, target);
        var after = await fixture.Editor.Http.GetEventsAsync(target.ArticleId);

        if (cell.Expect == Expect.Private)
        {
            Assert.True(status == WriteStatus.Ok, $"{key} × {rule}: expected the write to be stored privately, got {status}.");
            var added = after.Skip(before.Length).ToList();
            Assert.NotEmpty(added);
            var others = await fixture.Ben.Http.GetEventsAsync(target.ArticleId);
            Assert.DoesNotContain(others, e => added.Any(a => a.Number() == e.Number()));
            return;
        }
        var expected = rule switch { Rule.Role => WriteStatus.Forbidden, Rule.Stale => WriteStatus.Conflict, _ => (WriteStatus?)null };
        Assert.True(status != WriteStatus.Ok && (expected is null || status == expected),
            $"{key} × {rule}: expected {(expected?.ToString() ?? "a refusal")}, got {status}.");
        // A stale file is made by a revision landing between preview and import: its own Event is not the refused write's.
        var stored = after.Skip(before.Length).Count(e => e.GetProperty("kind").GetString() != EventKinds.ArticleRevised);
        Assert.True(stored == 0, $"{key} × {rule}: refused, yet {stored} Events were stored.");
    }

    /// <summary>Every write the app offers on articles, claims, evidence and sessions, through any path, has a row.</summary>
    [Fact]
    public void Table_EveryWritePathOfTheApp_IsInTheTable()
    {
        var known = Paths.Select(p => p.Key.Split(ActionMark)[0]).ToHashSet(StringComparer.Ordinal);
        // Restore shares its service method with dismiss (SetDismissedAsync), so it has no service row of its own.
        var discovered = new List<string>();
        foreach (var type in new[] { typeof(ReviewService), typeof(SessionService), typeof(RevisionService), typeof(AnnotationImportService), typeof(ImportService), typeof(MatchActions) })
        {
            discovered.AddRange(type.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => IsWrite(m.ReturnType)).Select(m => $"service {type.Name}.{m.Name}"));
        }
        discovered.AddRange(typeof(ReviewHub).GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)
            .Where(m => IsWrite(m.ReturnType)).Select(m => $"hub {m.Name}"));
        var endpoints = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        foreach (var endpoint in endpoints)
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (!new[] { "/api/articles", "/api/claims", "/api/evidence", "/api/sessions" }.Any(p => route.StartsWith(p, StringComparison.Ordinal))) continue;
            var methods = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? [];
            discovered.AddRange(methods.Where(m => m is "POST" or "PUT" or "PATCH" or "DELETE").Select(m => $"api {m} {route}"));
        }

        var missing = discovered.Where(d => !known.Contains(d) && !NotYetInTable.Contains(d)).Distinct().ToList();
        // A pending path that got its row, or went away, must leave the pending list.
        Assert.DoesNotContain(NotYetInTable, p => known.Contains(p) || !discovered.Contains(p));
        Assert.True(missing.Count == 0, "Write paths not in the rules table (add a row in WritePathRulesTests): " + string.Join("; ", missing));
        Assert.Contains("api PATCH /api/claims/{id:int}", discovered);
        Assert.Contains("hub UpdateClaim", discovered);
        Assert.Contains("service ReviewService.AddNoteAsync", discovered);
    }

    /// <summary>
    /// Write paths that land beside this table before their rows do: listed here by name so that any other new path
    /// still fails. Empty now; a path listed here must leave once it has its row.
    /// </summary>
    private static readonly HashSet<string> NotYetInTable = new(StringComparer.Ordinal);

    private static bool IsWrite(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>)
        && type.GetGenericArguments()[0] is { IsGenericType: true } inner && inner.GetGenericTypeDefinition() == typeof(WriteResult<>);

    /// <summary>A fresh article with a claim per sentence and one piece of the Editor's evidence, set up for the rule.</summary>
    private async Task<Target> SetUpAsync(Rule rule, Path path)
    {
        var editor = fixture.Editor.Http;
        var (articleId, claims) = await editor.ImportWithClaimPerSentenceAsync();
        using (var evidence = await editor.PostJsonAsync($"/api/claims/{claims[0].Id()}/evidence", new { url = "https://example.org/editor-source", stance = "supports" }))
            Assert.Equal(HttpStatusCode.Created, evidence.StatusCode);
        var evidenceId = (await editor.GetJsonAsync($"/api/claims/{claims[0].Id()}")).GetProperty("evidence")[0].Id();
        var session = await editor.StartSessionAsync(articleId, new
        {
            participantIds = new[] { fixture.Ana.User.Id, fixture.Ben.User.Id }, blind = rule == Rule.Blind, mode = "vote", quorum = 1, majority = 1,
        });
        var sessionId = session.Id();
        if (rule == Rule.Lock) await editor.PostOkAsync($"/api/sessions/{sessionId}/signoff", new { });
        if (rule == Rule.Stale)
        {
            using var bump = await editor.PatchJsonAsync($"/api/claims/{claims[0].Id()}", new { version = claims[0].Version(), claimant = "The mayor's office" });
            Assert.Equal(HttpStatusCode.OK, bump.StatusCode);
            // A correction's version is checked on a signed-off claim (sign-off itself moves every version on).
            if (path.Key.EndsWith("/corrections", StringComparison.Ordinal) || path.Key.EndsWith(".CorrectAsync", StringComparison.Ordinal))
                await editor.PostOkAsync($"/api/sessions/{sessionId}/signoff", new { });
        }
        claims = await editor.GetClaimsAsync(articleId);
        var actor = rule switch
        {
            Rule.Role => path.EditorsOnly ? fixture.Ana : fixture.Viewer,
            // The lock holds for Editors too, unless they correct with a note.
            Rule.Lock or Rule.Stale => path.EditorsOnly ? fixture.Editor : fixture.Ana,
            _ => path.EditorsOnly ? fixture.Editor : fixture.Ana,
        };
        // A stale write sends the version before the last change; every other write the current one.
        var version = rule == Rule.Stale ? claims[0].Version() - 1 : claims[0].Version();
        return new Target(actor, articleId, claims, version, sessionId, evidenceId);
    }

    private enum Via { Api, Hub, Service }

    /// <summary>One operation written through one channel.</summary>
    private sealed class Channel(WritePathRulesTests test, Via via)
    {
        private RealtimeFixture Fixture => test.App;

        public Task<WriteStatus> Patch(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PatchJsonAsync($"/api/claims/{t.ClaimId}", new { version = t.Version, state = "done", claimant = "A ministry" })),
            Via.Hub => Hub(t, "UpdateClaim", t.ClaimId, JsonSerializer.SerializeToElement(new { version = t.Version, state = "done", claimant = "A ministry" })),
            _ => Service<ReviewService, ClaimDto>(s => s.UpdateClaimAsync(ActorOf(t), t.ClaimId,
                new ClaimPatch { Version = t.Version, State = new(WorkflowState.Done), Claimant = new("A ministry") }, CancellationToken.None)),
        };

        public async Task<WriteStatus> AddClaim(Target t)
        {
            var body = await Fixture.Editor.Http.GetBodyAsync(t.ArticleId);
            var (start, end) = (0, body.IndexOf(' ', 10));
            // A span no claim has: the first words of the article, inside the first claim.
            return via switch
            {
                Via.Api => await Http(t.Actor.Http.PostJsonAsync($"/api/articles/{t.ArticleId}/claims", new { start, end })),
                Via.Hub => await Hub(t, "AddClaim", t.ArticleId, start, end),
                _ => await Service<ReviewService, ClaimDto>(s => s.AddClaimAsync(ActorOf(t), t.ArticleId, start, end, CancellationToken.None)),
            };
        }

        public Task<WriteStatus> Dismiss(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/dismiss", new { version = t.Version })),
            Via.Hub => Hub(t, "DismissClaim", t.ClaimId, t.Version),
            _ => Service<ReviewService, ClaimDto>(s => s.SetDismissedAsync(ActorOf(t), t.ClaimId, t.Version, true, CancellationToken.None)),
        };

        public Task<WriteStatus> Restore(Target t) => via switch
        {
            // Restoring a claim that is not dismissed changes nothing; the rules answer first all the same.
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/restore", new { version = t.Version })),
            _ => Hub(t, "RestoreClaim", t.ClaimId, t.Version),
        };

        public Task<WriteStatus> Split(Target t)
        {
            var at = (t.Claim.GetProperty("start").GetInt32() + t.Claim.GetProperty("end").GetInt32()) / 2;
            return via switch
            {
                Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/split", new { version = t.Version, at })),
                Via.Hub => Hub(t, "SplitClaim", t.ClaimId, t.Version, at),
                _ => Service<ReviewService, ClaimDto>(s => s.SplitClaimAsync(ActorOf(t), t.ClaimId, t.Version, at, CancellationToken.None)),
            };
        }

        public Task<WriteStatus> Merge(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync("/api/claims/merge", new { firstId = t.ClaimId, firstVersion = t.Version, secondId = t.Second.Id(), secondVersion = t.Second.Version() })),
            Via.Hub => Hub(t, "MergeClaims", t.ClaimId, t.Version, t.Second.Id(), t.Second.Version()),
            _ => Service<ReviewService, ClaimDto>(s => s.MergeClaimsAsync(ActorOf(t), t.ClaimId, t.Version, t.Second.Id(), t.Second.Version(), CancellationToken.None)),
        };

        public Task<WriteStatus> Reattach(Target t) =>
            Service<ReviewService, ClaimDto>(s => s.ReattachClaimAsync(ActorOf(t), t.ClaimId, t.Version,
                t.Claim.GetProperty("start").GetInt32(), t.Claim.GetProperty("end").GetInt32() - 1, CancellationToken.None));

        public Task<WriteStatus> AddEvidence(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/evidence", new { url = "https://example.org/ana", stance = "contradicts" })),
            Via.Hub => Hub(t, "AddEvidence", t.ClaimId, new EvidenceInput("https://example.org/ana", null, null, EvidenceStance.Contradicts, null, false)),
            _ => Service<ReviewService, EvidenceDto>(s => s.AddEvidenceAsync(ActorOf(t), t.ClaimId,
                new EvidenceInput("https://example.org/ana", null, null, EvidenceStance.Contradicts, null, false), CancellationToken.None)),
        };

        public Task<WriteStatus> RemoveEvidence(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.DeleteAsync($"/api/evidence/{t.EvidenceId}")),
            Via.Hub => Hub(t, "RemoveEvidence", t.EvidenceId),
            _ => Service<ReviewService, bool>(s => s.RemoveEvidenceAsync(ActorOf(t), t.EvidenceId, CancellationToken.None)),
        };

        public Task<WriteStatus> AddNote(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/notes", new { body = "Ana's private thought" })),
            Via.Hub => Hub(t, "AddNote", t.ClaimId, "Ana's private thought", null),
            _ => Service<ReviewService, NoteDto>(s => s.AddNoteAsync(ActorOf(t), t.ClaimId, "Ana's private thought", null, CancellationToken.None)),
        };

        public Task<WriteStatus> Propose(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/sessions/{t.SessionId}/proposals", new { claimId = t.ClaimId, verdict = "false", conclusion = "Ana thinks so." })),
            Via.Hub => Hub(t, "Propose", t.SessionId, t.ClaimId, "false", "Ana thinks so."),
            _ => Service<SessionService, ProposalDto>(s => s.ProposeAsync(ActorOf(t), t.SessionId, t.ClaimId, "false", "Ana thinks so.", CancellationToken.None)),
        };

        public async Task<WriteStatus> ImportAnnotations(Target t)
        {
            var exact = JsonSerializer.Serialize(t.Claim.GetProperty("text").GetString());
            var json = "{\"@context\":\"http://www.w3.org/ns/anno.jsonld\",\"type\":\"Annotation\",\"motivation\":\"assessing\","
                + "\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"assessing\",\"value\":\"False\"},{\"type\":\"TextualBody\",\"purpose\":\"commenting\",\"value\":\"Imported note\"}],"
                + $"\"target\":{{\"source\":\"http://localhost/articles/{t.ArticleId}\",\"selector\":{{\"type\":\"TextQuoteSelector\",\"exact\":{exact}}}}}}}";
            // Stale, for a file: a revision of the article lands between the preview (which anchored the spans) and the import.
            var stale = t.Version != t.Claim.Version();
            if (via == Via.Api)
            {
                if (!stale) return await Http(t.Actor.Http.PostAsync($"/api/articles/{t.ArticleId}/annotations", new StringContent(json, Encoding.UTF8, "application/ld+json")));
                using (var dry = await t.Actor.Http.PostAsync($"/api/articles/{t.ArticleId}/annotations?dryRun=true", new StringContent(json, Encoding.UTF8, "application/ld+json")))
                {
                    var seen = (await dry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revision").GetInt32();
                    await ReviseAsEditorAsync(t);
                    return await Http(t.Actor.Http.PostAsync($"/api/articles/{t.ArticleId}/annotations?revision={seen}", new StringContent(json, Encoding.UTF8, "application/ld+json")));
                }
            }
            await using var scope = Fixture.Factory.Services.CreateAsyncScope();
            var service = scope.ServiceProvider.GetRequiredService<AnnotationImportService>();
            var preview = await service.PreviewAsync(t.ArticleId, new MemoryStream(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
            if (stale) await ReviseAsEditorAsync(t);
            return (await service.ImportAsync(ActorOf(t), preview, CancellationToken.None)).Status;
        }

        /// <summary>A new revision of the article by the Editor, which moves every claim's span (text added before them).</summary>
        private async Task ReviseAsEditorAsync(Target t)
        {
            var text = "An update at the top, added later. " + SessionTestKit.FourClaims;
            using var revised = await Fixture.Editor.Http.PostJsonAsync($"/api/articles/{t.ArticleId}/revisions", new { text });
            Assert.True(revised.IsSuccessStatusCode, await revised.Content.ReadAsStringAsync());
        }

        public async Task<WriteStatus> Revise(Target t)
        {
            var text = SessionTestKit.FourClaims + " A fifth sentence says 12 schools closed in May, officials said.";
            if (via == Via.Api) return await Http(t.Actor.Http.PostJsonAsync($"/api/articles/{t.ArticleId}/revisions", new { text }));
            await using var scope = Fixture.Factory.Services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<ImportService>();
            var revisions = scope.ServiceProvider.GetRequiredService<RevisionService>();
            return (await revisions.ApplyAsync(ActorOf(t), t.ArticleId, import.PreviewText(text, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None)).Status;
        }

        public async Task<WriteStatus> ImportArticle(Target t)
        {
            if (via == Via.Api) return await Http(t.Actor.Http.PostJsonAsync("/api/articles", new { text = TestApi.ShortArticle }));
            await using var scope = Fixture.Factory.Services.CreateAsyncScope();
            var import = scope.ServiceProvider.GetRequiredService<ImportService>();
            return (await import.SaveAsync(ActorOf(t), import.PreviewText(TestApi.ShortArticle, SourceFormat.PlainText), new ImportDecision(), CancellationToken.None)).Status;
        }

        public Task<WriteStatus> StartSession(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/articles/{t.ArticleId}/sessions", new { participantIds = new[] { Fixture.Cai.User.Id }, blind = false, mode = "direct" })),
            _ => Service<SessionService, SessionView>(s => s.StartAsync(ActorOf(t), t.ArticleId, new SessionSetup([Fixture.Cai.User.Id], null, false, DecisionMode.Direct), CancellationToken.None)),
        };

        public Task<WriteStatus> Balance(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/sessions/{t.SessionId}/balance", new { mode = "count" })),
            _ => Service<SessionService, int>(s => s.BalanceAsync(ActorOf(t), t.SessionId, BalanceMode.ByCount, CancellationToken.None)),
        };

        public Task<WriteStatus> Rescore(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync("/api/claims/rescore", new { })),
            _ => Service<ReviewService, RescoreOutcome>(s => s.RescoreArticleAsync(ActorOf(t), t.ArticleId, CancellationToken.None)),
        };

        public Task<WriteStatus> SetFactCheckUrl(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PutAsJsonAsync($"/api/articles/{t.ArticleId}/fact-check-url", new { url = "https://factcheck.example.org/council-budget" })),
            _ => Service<ReviewService, string?>(s => s.SetFactCheckUrlAsync(ActorOf(t), t.ArticleId, "https://factcheck.example.org/council-budget", CancellationToken.None)),
        };

        public Task<WriteStatus> Reveal(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/sessions/{t.SessionId}/reveal", new { })),
            _ => Service<SessionService, SessionView>(s => s.RevealAsync(ActorOf(t), t.SessionId, CancellationToken.None)),
        };

        public Task<WriteStatus> Vote(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/sessions/{t.SessionId}/votes", new { claimId = t.ClaimId, verdict = "false" })),
            _ => Service<SessionService, VoteTally>(s => s.VoteAsync(ActorOf(t), t.SessionId, t.ClaimId, "false", CancellationToken.None)),
        };

        public Task<WriteStatus> SignOff(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/sessions/{t.SessionId}/signoff", new { })),
            _ => Service<SessionService, SessionView>(s => s.SignOffAsync(ActorOf(t), t.SessionId, CancellationToken.None)),
        };

        public Task<WriteStatus> Correct(Target t) => via switch
        {
            Via.Api => Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/corrections", new { version = t.Version, verdict = "false", why = "The minutes were wrong." })),
            _ => Service<SessionService, CorrectionDto>(s => s.CorrectAsync(ActorOf(t), t.ClaimId,
                new ClaimPatch { Version = t.Version, Verdict = new("false") }, "The minutes were wrong.", CancellationToken.None)),
        };

        /// <summary>Acts on a published fact-check put on the desk for this write (which touches no article).</summary>
        public async Task<WriteStatus> ActOnMatch(Target t, string action)
        {
            var url = await Fixture.Factory.AddFactCheckAsync(t.Claim.GetProperty("text").GetString()!, "False");
            if (via == Via.Api) return await Http(t.Actor.Http.PostJsonAsync($"/api/claims/{t.ClaimId}/matches/actions", new { url, action, score = 0.9 }));
            return await Service<MatchActions, string>(s => s.ActAsync(ActorOf(t), t.ClaimId, url, Enum.Parse<MatchDecision>(action, ignoreCase: true), 0.9, null, CancellationToken.None));
        }

        private static Actor ActorOf(Target t) => t.Actor.User.Actor;

        private async Task<WriteStatus> Service<TService, T>(Func<TService, Task<WriteResult<T>>> write) where TService : notnull
        {
            await using var scope = Fixture.Factory.Services.CreateAsyncScope();
            return (await write(scope.ServiceProvider.GetRequiredService<TService>())).Status;
        }

        private async Task<WriteStatus> Hub(Target t, string method, params object?[] args)
        {
            await using var hub = await Fixture.ConnectAsync(t.Actor);
            var result = await hub.Connection.InvokeCoreAsync<JsonElement>(method, args);
            return Enum.Parse<WriteStatus>(result.Status(), ignoreCase: true);
        }

        private static async Task<WriteStatus> Http(Task<HttpResponseMessage> send)
        {
            using var response = await send;
            return response.StatusCode switch
            {
                HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent => WriteStatus.Ok,
                HttpStatusCode.Forbidden => WriteStatus.Forbidden,
                HttpStatusCode.Conflict => WriteStatus.Conflict,
                HttpStatusCode.NotFound => WriteStatus.NotFound,
                HttpStatusCode.BadRequest => WriteStatus.Invalid,
                var other => throw new InvalidOperationException($"Unexpected {(int)other}: {await response.Content.ReadAsStringAsync()}"),
            };
        }
    }
}
