using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Sessions;
using FactDesk.Web.Localization;
using Microsoft.EntityFrameworkCore;

namespace FactDesk.Web.Features.FactChecks;

public enum MatchDecision { Link, Same, Dismiss }

/// <summary>The desk's own precision from its reviewers' labels: confirmed (same claim or linked) against dismissed.</summary>
public sealed record MatchLabelSummary(int Confirmed, int Linked, int Dismissed)
{
    public double? Precision => Confirmed + Linked + Dismissed == 0 ? null : Math.Round((Confirmed + Linked) / (double)(Confirmed + Linked + Dismissed), 4);
}

/// <summary>
/// A reviewer's action on a match, each one a change on the article's journal (<see cref="ArticleJournal"/>), so the
/// rights, the lock after sign-off, the blind pass, versions and gapless Events hold as for every other write. Linking
/// adds evidence (<see cref="ReviewService.AddEvidenceAsync"/>); "same claim" proposes the match's rating in an open
/// session (<see cref="SessionService.ProposeAsync"/>, the reviewer's own in a blind pass) or sets the verdict at the
/// version the reviewer saw (the field rules of <see cref="ClaimPatching"/>, on the journal); dismissing is its own unit of work with its
/// Event. Every action is kept as a label, in the same unit of work as its change (<see cref="JournalEntry.KeepAlongside"/>),
/// which in a blind pass only its author and the Editors see.
/// </summary>
public sealed class MatchActions(IDbContextFactory<FactDeskDbContext> dbFactory, ArticleJournal journal, ReviewService review, SessionService sessions,
    VerdictScale scale, TimeProvider clock, ILogger<MatchActions> logger)
{
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pants on fire"] = "false", ["pants on fire!"] = "false", ["incorrect"] = "false", ["fake"] = "false", ["wrong"] = "false",
        ["mostly correct"] = "mostly-true", ["correct"] = "true", ["accurate"] = "true", ["mixture"] = "half-true", ["half-true"] = "half-true",
        ["mixed"] = "half-true", ["unproven"] = "unverifiable", ["unsupported"] = "unverifiable", ["missing context"] = "misleading",
        ["exaggerated"] = "mostly-false", ["distorts the facts"] = "misleading", ["opinion"] = "opinion",
    };

    /// <summary>What the match at <paramref name="url"/> is, read from the database (never trusted from the client).</summary>
    public async Task<FactCheckResult?> FindAsync(string url, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var f = await db.Set<FactCheck>().AsNoTracking().Where(x => x.Url == url).OrderByDescending(x => x.Id).FirstOrDefaultAsync(ct);
        if (f is not null) return new FactCheckResult(f.Url, f.ClaimReviewed, f.Rating, f.Publisher, f.DatePublished, 0, "collection", "", f.Headline);
        if (url.StartsWith("/articles/", StringComparison.Ordinal) && url.IndexOf("?claim=", StringComparison.Ordinal) is var q and > 0
            && int.TryParse(url[(q + 7)..], out var claimId))
        {
            var c = await db.Claims.AsNoTracking().Where(x => x.Id == claimId && x.Verdict != null).Select(x => new { x.Id, x.ArticleId, x.Exact, x.Verdict, x.UpdatedAt }).FirstOrDefaultAsync(ct);
            if (c is not null) return new FactCheckResult(url, c.Exact, scale.Find(c.Verdict)?.Label ?? c.Verdict, null, c.UpdatedAt, 0, "desk", "", ClaimId: c.Id, ArticleId: c.ArticleId, Verdict: c.Verdict);
        }
        return null;
    }

    /// <summary>
    /// Acts on the match at <paramref name="url"/> for a claim. <paramref name="version"/>: the claim's version the
    /// reviewer saw; "same claim" outside a session refuses when the claim changed since (null: as it is now). Linking
    /// and dismissing attach to the claim and take no version, like evidence and notes.
    /// </summary>
    public async Task<WriteResult<string>> ActAsync(Actor actor, int claimId, string? url, MatchDecision decision, double score, int? version, CancellationToken ct)
    {
        if (ReviewRules.CheckRight(actor, JournalRight.Annotate) is { } refused) return refused.As<string>();
        if (string.IsNullOrWhiteSpace(url)) return WriteResult<string>.Invalid(Say.Text("Match.NoUrl"));
        var match = await FindAsync(url.Trim(), ct);
        if (match is null) return WriteResult<string>.NotFound(Say.Text("Match.Gone"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var claim = await db.Claims.AsNoTracking().Where(c => c.Id == claimId).Select(c => new { c.Id, c.ArticleId, c.Version }).FirstOrDefaultAsync(ct);
        if (claim is null) return WriteResult<string>.NotFound(Say.Text("Match.ClaimMissing", claimId));
        string message;
        switch (decision)
        {
            case MatchDecision.Link:
            {
                var description = Say.Text("Match.EvidenceDescription", match.Publisher ?? Say.Text("Match.EarlierFactCheck"), match.Rating ?? Say.Text("Match.Unrated"));
                var added = await review.AddEvidenceAsync(actor, claimId, new EvidenceInput(Absolute(match.Url), description, Shorten(match.ClaimReviewed, 500), EvidenceStance.Context, DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), false),
                    entry => entry.KeepAlongside(Label(actor, claimId, match, decision, score, entry.Now)), ct);
                if (!added.Ok) return new WriteResult<string>(added.Status, Message: added.Message);
                message = Say.Text("Match.Linked");
                break;
            }
            case MatchDecision.Same:
            {
                var verdict = VerdictFor(match);
                if (verdict is null)
                    return WriteResult<string>.Invalid(Say.Text("Match.NotOnScale", match.Rating));
                var session = await db.Sessions.AsNoTracking().Where(s => s.ArticleId == claim.ArticleId && s.Status == SessionStatus.Open).Select(s => (int?)s.Id).FirstOrDefaultAsync(ct);
                var conclusion = Shorten(Say.Text("Match.Conclusion", match.Publisher ?? Say.Text("Match.TheDesk"), match.Rating), 1000);
                if (session is int sessionId)
                {
                    var proposed = await sessions.ProposeAsync(actor, sessionId, claimId, verdict.Key, conclusion,
                        entry => entry.KeepAlongside(Label(actor, claimId, match, decision, score, entry.Now)), ct);
                    if (!proposed.Ok) return new WriteResult<string>(proposed.Status, Message: proposed.Message);
                    message = Say.Text("Match.Proposed", verdict.Shown());
                }
                else
                {
                    // Not through the claim group commit: the verdict and its label are one unit of work on the journal.
                    var patch = new ClaimPatch { Version = version ?? claim.Version, Verdict = new Change<string?>(verdict.Key) };
                    var shown = Say.Text("Match.VerdictSet", verdict.Shown());
                    return await WriteResult.GuardAsync(logger, () => journal.WriteAsync<string>(actor, claim.ArticleId, JournalRight.Annotate, async (entry, token) =>
                    {
                        var current = await entry.Db.Claims.FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == entry.Article.Id, token);
                        if (current is null) return WriteResult<string>.NotFound(Say.Text("Match.ClaimGone", claimId));
                        if (entry.Check(current, patch.Version, ClaimTouch.Fields) is { } refused)
                            return refused.As<string>(await entry.Db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().SingleAsync(token));
                        if (ClaimPatching.Apply(current, patch, scale, _ => false, out var before, out var after) is { } error)
                            return WriteResult<string>.Invalid(error);
                        if (after.Count > 0)
                        {
                            current.Touch(actor.UserId, entry.Now);
                            entry.Record(EventKinds.ClaimUpdated, claimId, before, after);
                        }
                        entry.KeepAlongside(Label(actor, claimId, match, decision, score, entry.Now));
                        return WriteResult<string>.Success(shown);
                    }, ct), "MatchSameAsync");
                }
                break;
            }
            default:
                // Nothing on the claim changes, but the dismissal is a reviewer's judgement on it: one unit of work
                // with its Event and label, refused on a signed-off claim, private to its author in a blind pass.
                return await journal.WriteAsync<string>(actor, claim.ArticleId, JournalRight.Annotate, async (entry, token) =>
                {
                    var current = await entry.Db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == entry.Article.Id, token);
                    if (current is null) return WriteResult<string>.NotFound(Say.Text("Match.ClaimGone", claimId));
                    if (entry.Check(current, null, ClaimTouch.Attachments) is { } locked) return locked.As<string>();
                    entry.KeepAlongside(Label(actor, claimId, match, decision, score, entry.Now));
                    entry.Record(EventKinds.MatchDismissed, claimId, null, new { url = match.Url, kind = match.Kind }, entry.PrivateTo);
                    return WriteResult<string>.Success(Say.Text("Match.Dismissed"));
                }, ct);
        }
        // The change above was stored with its label, in one unit of work on the journal with every rule checked.
        return WriteResult<string>.Success(message);
    }

    private static MatchLabel Label(Actor actor, int claimId, FactCheckResult match, MatchDecision decision, double score, DateTimeOffset at) => new()
    {
        ClaimId = claimId, Url = match.Url, Kind = match.Kind, Score = score, UserId = actor.UserId, At = at,
        Action = decision switch { MatchDecision.Link => MatchAction.Linked, MatchDecision.Same => MatchAction.Confirmed, _ => MatchAction.Dismissed },
    };

    /// <summary>
    /// The latest label per match URL on a claim, for the panel (what was already done with each match). In a blind
    /// pass a Reviewer sees only their own labels: another's "same claim" would tell their verdict.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, MatchAction>> LabelsAsync(Actor viewer, int claimId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var blind = !viewer.IsEditor && await db.Claims.Where(c => c.Id == claimId)
            .AnyAsync(c => db.Sessions.Where(ReviewSession.OpenBlindPass).Any(s => s.ArticleId == c.ArticleId), ct);
        var query = db.Set<MatchLabel>().AsNoTracking().Where(l => l.ClaimId == claimId);
        if (blind) query = query.Where(l => l.UserId == viewer.UserId);
        var labels = await query.OrderBy(l => l.Id).Select(l => new { l.Url, l.Action }).ToListAsync(ct);
        var result = new Dictionary<string, MatchAction>(StringComparer.Ordinal);
        foreach (var l in labels) result[l.Url] = l.Action;
        return result;
    }

    public async Task<MatchLabelSummary> SummaryAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Set<MatchLabel>().GroupBy(l => l.Action).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int Of(MatchAction a) => counts.FirstOrDefault(c => c.Key == a)?.Count ?? 0;
        return new MatchLabelSummary(Of(MatchAction.Confirmed), Of(MatchAction.Linked), Of(MatchAction.Dismissed));
    }

    internal VerdictDefinition? VerdictFor(FactCheckResult match)
    {
        if (match.Verdict is not null && scale.Find(match.Verdict) is { } own) return own;
        var rating = match.Rating?.Trim().TrimEnd('.', '!');
        if (string.IsNullOrEmpty(rating)) return null;
        return scale.Find(rating) ?? scale.Find(rating.Replace(' ', '-')) ?? (Synonyms.TryGetValue(rating, out var key) ? scale.Find(key) : null);
    }

    private static string Absolute(string url) => url;

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
