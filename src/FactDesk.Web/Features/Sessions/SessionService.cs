using System.Text.Json;
using FactDesk.Core.Sessions;
using FactDesk.Core.Text;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using FactDesk.Web.Localization;

namespace FactDesk.Web.Features.Sessions;

/// <summary>
/// Editor-led review sessions: participants, assignment, a blind first pass with proposals, votes, sign-off and
/// corrections. Every change is a unit of work on the <see cref="ArticleJournal"/>; in a blind pass a proposal and its
/// Event are visible only to its author and the Editors (<see cref="ReviewVisibility"/>).
/// </summary>
public sealed partial class SessionService(
    IDbContextFactory<FactDeskDbContext> dbFactory,
    ReviewService review,
    ArticleJournal journal,
    VerdictScale verdicts,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<FactDeskOptions> options,
    ILogger<SessionService> logger)
{

    /// <summary>The open session of an article, else its latest; filtered for <paramref name="viewer"/>.</summary>
    public async Task<SessionView?> GetCurrentAsync(int articleId, Actor viewer, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Where(s => s.ArticleId == articleId)
            .OrderBy(s => s.Status).ThenByDescending(s => s.Id).FirstOrDefaultAsync(ct);
        return session is null ? null : await ViewAsync(db, session, viewer, ct);
    }

    public async Task<SessionView?> GetAsync(int sessionId, Actor viewer, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        return session is null ? null : await ViewAsync(db, session, viewer, ct);
    }

    public async Task<IReadOnlyList<CorrectionDto>> CorrectionsAsync(int articleId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Corrections.AsNoTracking().Where(c => c.ArticleId == articleId).OrderBy(c => c.At)
            .Select(c => new CorrectionDto(c.Id, c.ClaimId, c.At, c.AuthorName, c.What, c.Why)).ToListAsync(ct);
        // What changed is stored as a reason, worded here in the reader's language (older entries as they were written).
        return [.. rows.Select(c => c with { What = CorrectionText.Show(c.What, verdicts) })];
    }

    public Task<WriteResult<SessionView>> StartAsync(Actor editor, int articleId, SessionSetup setup, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => StartCoreAsync(editor, articleId, setup, ct));

    private async Task<WriteResult<SessionView>> StartCoreAsync(Actor editor, int articleId, SessionSetup setup, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<SessionView>.Forbidden(Say.Text("Session.EditorsStart"));
        if (setup.ParticipantIds.Count == 0) return WriteResult<SessionView>.Invalid(Say.Text("Session.NeedParticipant"));
        if (setup.Deadline is { } d && d <= StoredTime.Now(clock)) return WriteResult<SessionView>.Invalid(Say.Text("Session.DeadlinePast"));
        if (setup.Mode == DecisionMode.Vote && new VotingRule(setup.Quorum, setup.Majority).Validate() is { } ruleError)
            return WriteResult<SessionView>.Invalid(ruleError);
        return await WriteAsync<SessionView>(editor, articleId, JournalRight.Edit, async (db, entry, record) =>
        {
            if (await db.Sessions.AnyAsync(s => s.ArticleId == articleId && s.Status == SessionStatus.Open, ct))
                return WriteResult<SessionView>.Invalid(Say.Text("Session.AlreadyOpen"));
            var ids = setup.ParticipantIds.Distinct().ToList();
            var allowed = await db.UserRoles.Where(r => ids.Contains(r.UserId)).Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
                .Where(x => x.Name == Roles.Editor || x.Name == Roles.Reviewer).Select(x => x.UserId).ToListAsync(ct);
            if (allowed.Count != ids.Count) return WriteResult<SessionView>.Invalid(Say.Text("Session.ParticipantRoles"));
            var session = new ReviewSession
            {
                ArticleId = articleId, CreatedById = editor.UserId, CreatedAt = StoredTime.Now(clock), Deadline = setup.Deadline, Blind = setup.Blind,
                DecisionMode = setup.Mode, Quorum = setup.Mode == DecisionMode.Vote ? setup.Quorum : 1, Majority = setup.Mode == DecisionMode.Vote ? setup.Majority : 1,
                Participants = ids.Select(id => new SessionParticipant { UserId = id }).ToList(),
            };
            db.Sessions.Add(session);
            await db.SaveChangesAsync(ct);
            record(SessionEventKinds.Started, null, new { sessionId = session.Id, participants = ids, blind = setup.Blind, deadline = setup.Deadline, mode = setup.Mode.ToString().ToLowerInvariant() }, null);
            return WriteResult<SessionView>.Success(await ViewAsync(db, session, editor, ct));
        }, ct);
    }

    /// <summary>Spreads the unassigned claims across the participants, by count or by check-worthiness.</summary>
    public Task<WriteResult<int>> BalanceAsync(Actor editor, int sessionId, BalanceMode mode, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => BalanceCoreAsync(editor, sessionId, mode, ct));

    private async Task<WriteResult<int>> BalanceCoreAsync(Actor editor, int sessionId, BalanceMode mode, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<int>.Forbidden(Say.Text("Session.EditorsAssign"));
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var session = await db.Sessions.AsNoTracking().Include(s => s.Participants).FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        if (session is null) return WriteResult<int>.NotFound(Say.Text("Session.Missing"));
        if (session.Status != SessionStatus.Open) return WriteResult<int>.Invalid(Say.Text("Session.SignedOff"));
        var claims = await db.Claims.AsNoTracking().Where(c => c.ArticleId == session.ArticleId && !c.Dismissed && !c.Orphaned)
            .OrderBy(c => c.Start).Select(c => new { c.Id, c.Score, c.AssigneeId, c.Version }).ToListAsync(ct);
        var participants = session.Participants.Select(p => p.UserId).ToList();
        var assignments = Balancer.Balance(claims.Select(c => new Assignable(c.Id, c.Score, participants.Contains(c.AssigneeId ?? "") ? c.AssigneeId : null)).ToList(), participants, mode);
        var done = 0;
        foreach (var a in assignments)
        {
            var version = claims.First(c => c.Id == a.ClaimId).Version;
            var result = await review.UpdateClaimAsync(editor, a.ClaimId, new ClaimPatch { Version = version, AssigneeId = new Change<string?>(a.ReviewerId) }, ct);
            if (result.Ok) done++;
        }
        return WriteResult<int>.Success(done);
    }

    /// <summary>A participant's proposed verdict and conclusion. In a blind pass only they and the Editors see it.</summary>
    public Task<WriteResult<ProposalDto>> ProposeAsync(Actor actor, int sessionId, int claimId, string? verdict, string? conclusion, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => ProposeCoreAsync(actor, sessionId, claimId, verdict, conclusion, null, ct));

    /// <summary>As <see cref="ProposeAsync(Actor, int, int, string?, string?, CancellationToken)"/>, with <paramref name="alongside"/> run in the same unit of work once the proposal is saved.</summary>
    internal Task<WriteResult<ProposalDto>> ProposeAsync(Actor actor, int sessionId, int claimId, string? verdict, string? conclusion, Action<JournalEntry> alongside, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => ProposeCoreAsync(actor, sessionId, claimId, verdict, conclusion, alongside, ct));

    private async Task<WriteResult<ProposalDto>> ProposeCoreAsync(Actor actor, int sessionId, int claimId, string? verdict, string? conclusion, Action<JournalEntry>? alongside, CancellationToken ct)
    {
        if (!actor.CanAnnotate) return WriteResult<ProposalDto>.Forbidden(Say.Text("Session.ViewerPropose"));
        var key = string.IsNullOrWhiteSpace(verdict) ? null : verdicts.Find(verdict)?.Key;
        if (!string.IsNullOrWhiteSpace(verdict) && key is null) return WriteResult<ProposalDto>.Invalid(Say.Text("Session.UnknownVerdict", verdict));
        var text = string.IsNullOrWhiteSpace(conclusion) ? null : conclusion.Trim();
        if (text?.Length > ClaimPatching.MaxConclusionLength) return WriteResult<ProposalDto>.Invalid(Say.Text("Session.ConclusionLong"));
        if (FactDesk.Core.Hygiene.TextHygiene.Check(text, Fields.Conclusion, FactDesk.Core.Hygiene.TextKind.Multiline) is { } unclean) return WriteResult<ProposalDto>.Invalid(Say.Unclean(unclean));
        var target = await SessionOfAsync(sessionId, ct);
        if (target is null) return WriteResult<ProposalDto>.NotFound(Say.Text("Session.Missing"));
        return await WriteAsync<ProposalDto>(actor, target.Value.ArticleId, JournalRight.Annotate, async (db, entry, record) =>
        {
            var session = await db.Sessions.Include(s => s.Participants).FirstAsync(s => s.Id == sessionId, ct);
            if (session.Status != SessionStatus.Open) return WriteResult<ProposalDto>.Invalid(Say.Text("Session.ProposalsClosed"));
            if (session.Participants.All(p => p.UserId != actor.UserId)) return WriteResult<ProposalDto>.Forbidden(Say.Text("Session.ParticipantsPropose"));
            var claim = await db.Claims.AsNoTracking().FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == session.ArticleId && !c.Dismissed, ct);
            if (claim is null) return WriteResult<ProposalDto>.NotFound(Say.Text("Session.ClaimElsewhere"));
            var proposal = await db.Proposals.FirstOrDefaultAsync(p => p.SessionId == sessionId && p.ClaimId == claimId && p.ReviewerId == actor.UserId, ct);
            if (proposal is null)
            {
                proposal = new Proposal { SessionId = sessionId, ClaimId = claimId, ReviewerId = actor.UserId };
                db.Proposals.Add(proposal);
            }
            proposal.Verdict = key;
            proposal.Conclusion = text;
            proposal.UpdatedAt = StoredTime.Now(clock);
            record(SessionEventKinds.ProposalSaved, claimId, new { sessionId, verdict = key, conclusion = text, reviewer = actor.Name },
                // As ReviewVisibility shows proposals (VisibleTo(proposals, viewer, blindNow)): in a blind pass each is its
                // author's, an Editor's too, so its Event is private to its author (and the Editors) like the row.
                session.IsBlindNow ? actor.UserId : null);
            return WriteResult<ProposalDto>.Success(new ProposalDto(claimId, actor.UserId, actor.Name, key, text, proposal.UpdatedAt));
        }, ct, alongside);
    }

    /// <summary>Ends the blind first pass: everyone sees all proposals and the evidence gathered blind.</summary>
    public Task<WriteResult<SessionView>> RevealAsync(Actor editor, int sessionId, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => RevealCoreAsync(editor, sessionId, ct));

    private async Task<WriteResult<SessionView>> RevealCoreAsync(Actor editor, int sessionId, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<SessionView>.Forbidden(Say.Text("Session.EditorsReveal"));
        var target = await SessionOfAsync(sessionId, ct);
        if (target is null) return WriteResult<SessionView>.NotFound(Say.Text("Session.Missing"));
        return await WriteAsync<SessionView>(editor, target.Value.ArticleId, JournalRight.Edit, async (db, entry, record) =>
        {
            var session = await db.Sessions.Include(s => s.Participants).FirstAsync(s => s.Id == sessionId, ct);
            if (!session.IsBlindNow) return WriteResult<SessionView>.Invalid(Say.Text("Session.NothingToReveal"));
            session.RevealedAt = StoredTime.Now(clock);
            entry.EndBlindPass();
            // After the pass everything is public (ReviewVisibility): the private marks go, on evidence, notes and Events.
            await db.Evidence.Where(e => e.BlindOwnerId != null && db.Claims.Any(c => c.Id == e.ClaimId && c.ArticleId == session.ArticleId))
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.BlindOwnerId, (string?)null), ct);
            await db.Notes.Where(n => n.BlindOwnerId != null && db.Claims.Any(c => c.Id == n.ClaimId && c.ArticleId == session.ArticleId))
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.BlindOwnerId, (string?)null), ct);
            await db.Events.Where(e => e.ArticleId == session.ArticleId && e.VisibleToUserId != null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.VisibleToUserId, (string?)null), ct);
            var proposals = await db.Proposals.AsNoTracking().Where(p => p.SessionId == sessionId)
                .Select(p => new { p.ClaimId, reviewer = p.Reviewer!.DisplayName, p.Verdict }).ToListAsync(ct);
            record(SessionEventKinds.Revealed, null, new { sessionId, participants = session.Participants.Select(p => p.UserId), proposals }, null);
            return WriteResult<SessionView>.Success(await ViewAsync(db, session, editor, ct));
        }, ct);
    }

    /// <summary>An Editor's vote on a claim's final verdict; when the session's rule carries a verdict, the claim takes it.</summary>
    public Task<WriteResult<VoteTally>> VoteAsync(Actor editor, int sessionId, int claimId, string verdict, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => VoteCoreAsync(editor, sessionId, claimId, verdict, ct));

    private async Task<WriteResult<VoteTally>> VoteCoreAsync(Actor editor, int sessionId, int claimId, string verdict, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<VoteTally>.Forbidden(Say.Text("Session.EditorsVote"));
        var key = verdicts.Find(verdict)?.Key;
        if (key is null) return WriteResult<VoteTally>.Invalid(Say.Text("Session.UnknownVerdict", verdict));
        var target = await SessionOfAsync(sessionId, ct);
        if (target is null) return WriteResult<VoteTally>.NotFound(Say.Text("Session.Missing"));
        return await WriteAsync<VoteTally>(editor, target.Value.ArticleId, JournalRight.Edit, async (db, entry, record) =>
        {
            var session = await db.Sessions.FirstAsync(s => s.Id == sessionId, ct);
            if (session.Status != SessionStatus.Open) return WriteResult<VoteTally>.Invalid(Say.Text("Session.SignedOff"));
            if (session.DecisionMode != DecisionMode.Vote) return WriteResult<VoteTally>.Invalid(Say.Text("Session.NoVote"));
            if (session.IsBlindNow) return WriteResult<VoteTally>.Invalid(Say.Text("Session.RevealBeforeVote"));
            var claim = await db.Claims.FirstOrDefaultAsync(c => c.Id == claimId && c.ArticleId == session.ArticleId, ct);
            if (claim is null) return WriteResult<VoteTally>.NotFound(Say.Text("Session.ClaimElsewhere"));
            var ballot = await db.Ballots.FirstOrDefaultAsync(b => b.SessionId == sessionId && b.ClaimId == claimId && b.VoterId == editor.UserId, ct);
            if (ballot is null) db.Ballots.Add(ballot = new SessionBallot { SessionId = sessionId, ClaimId = claimId, VoterId = editor.UserId });
            ballot.Verdict = key;
            ballot.At = StoredTime.Now(clock);
            await entry.SaveAsync(ct);
            var ballots = await db.Ballots.AsNoTracking().Where(b => b.SessionId == sessionId && b.ClaimId == claimId).OrderBy(b => b.At)
                .Select(b => new Ballot(b.VoterId, b.Verdict)).ToListAsync(ct);
            var tally = Voting.Tally(ballots, new VotingRule(session.Quorum, session.Majority));
            record(SessionEventKinds.VoteCast, claimId, new { sessionId, voter = editor.Name, verdict = key, status = tally.Status.ToString(), winner = tally.Winner, explanation = tally.Explanation }, null);
            if (tally is { Status: VoteStatus.Carried, Winner: { } winner } && winner != claim.Verdict)
            {
                // The vote decided: the claim takes the verdict in this same unit of work, under the same rules as a
                // change by hand; a refusal (a signed-off claim) refuses the whole vote, so no vote is stored without it.
                if (entry.Check(claim, claim.Version, ClaimTouch.Fields) is { } refused)
                    return refused.As<VoteTally>(await db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().SingleAsync(ct));
                var error = ClaimPatching.Apply(claim, new ClaimPatch { Version = claim.Version, Verdict = new Change<string?>(winner) }, verdicts, _ => true, out var before, out var after);
                if (error is not null) return WriteResult<VoteTally>.Invalid(error);
                if (after.Count > 0)
                {
                    claim.Touch(editor.UserId, entry.Now);
                    entry.Record(EventKinds.ClaimUpdated, claimId, before, after);
                }
            }
            return WriteResult<VoteTally>.Success(tally);
        }, ct);
    }

    /// <summary>Closes the session and locks its article's claims; later changes need an Editor and a correction note.</summary>
    public Task<WriteResult<SessionView>> SignOffAsync(Actor editor, int sessionId, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => SignOffCoreAsync(editor, sessionId, ct));

    private async Task<WriteResult<SessionView>> SignOffCoreAsync(Actor editor, int sessionId, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<SessionView>.Forbidden(Say.Text("Session.EditorsSignOff"));
        var target = await SessionOfAsync(sessionId, ct);
        if (target is null) return WriteResult<SessionView>.NotFound(Say.Text("Session.Missing"));
        return await WriteAsync<SessionView>(editor, target.Value.ArticleId, JournalRight.Edit, async (db, entry, record) =>
        {
            var session = await db.Sessions.Include(s => s.Participants).FirstAsync(s => s.Id == sessionId, ct);
            if (session.Status == SessionStatus.SignedOff) return WriteResult<SessionView>.Invalid(Say.Text("Session.AlreadySignedOff"));
            if (session.IsBlindNow) return WriteResult<SessionView>.Invalid(Say.Text("Session.RevealBeforeSignOff"));
            if (options.Value.Review.RequireVerdictsForSignOff)
            {
                var missing = await db.Claims.CountAsync(c => c.ArticleId == session.ArticleId && !c.Dismissed && !c.Orphaned && c.Verdict == null, ct);
                if (missing > 0)
                    return WriteResult<SessionView>.Invalid(missing == 1
                        ? Say.Text("Session.NeedVerdictsOne")
                        : Say.Text("Session.NeedVerdicts", missing));
            }
            session.Status = SessionStatus.SignedOff;
            session.SignedOffAt = StoredTime.Now(clock);
            session.SignedOffById = editor.UserId;
            var locked = await db.Claims.Where(c => c.ArticleId == session.ArticleId && !c.Dismissed)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.Locked, true).SetProperty(c => c.Version, c => c.Version + 1), ct);
            record(SessionEventKinds.SignedOff, null, new { sessionId, participants = session.Participants.Select(p => p.UserId), lockedClaims = locked }, null);
            return WriteResult<SessionView>.Success(await ViewAsync(db, session, editor, ct));
        }, ct);
    }

    /// <summary>A change to a signed-off claim: Editors only, with a reason; logged in the article's corrections log.</summary>
    public Task<WriteResult<CorrectionDto>> CorrectAsync(Actor editor, int claimId, ClaimPatch patch, string? why, CancellationToken ct) =>
        WriteResult.GuardAsync(logger, () => CorrectCoreAsync(editor, claimId, patch, why, ct));

    private async Task<WriteResult<CorrectionDto>> CorrectCoreAsync(Actor editor, int claimId, ClaimPatch patch, string? why, CancellationToken ct)
    {
        if (!editor.IsEditor) return WriteResult<CorrectionDto>.Forbidden(Say.Text("Session.EditorsCorrect"));
        var reason = why?.Trim();
        if (string.IsNullOrEmpty(reason)) return WriteResult<CorrectionDto>.Invalid(Say.Text("Session.CorrectionWhy"));
        if (reason.Length > 2000) return WriteResult<CorrectionDto>.Invalid(Say.Text("Session.CorrectionLong"));
        if (FactDesk.Core.Hygiene.TextHygiene.Check(reason, Fields.CorrectionNote, FactDesk.Core.Hygiene.TextKind.Multiline) is { } unclean) return WriteResult<CorrectionDto>.Invalid(Say.Unclean(unclean));
        var articleId = await journal.ArticleOfClaimAsync(claimId, ct);
        if (articleId is null) return WriteResult<CorrectionDto>.NotFound(Say.Text("Claim.Missing", claimId));
        return await journal.WriteAsync<CorrectionDto>(editor, articleId.Value, JournalRight.Edit, async (entry, token) =>
        {
            var claim = await entry.Db.Claims.FirstAsync(c => c.Id == claimId, token);
            if (!claim.Locked) return WriteResult<CorrectionDto>.Invalid(Say.Text("Session.NotLocked"));
            if (entry.Check(claim, patch.Version, ClaimTouch.Fields) is { } refused)
                return refused.As<CorrectionDto>(await entry.Db.Claims.AsNoTracking().Where(c => c.Id == claimId).ToDto().SingleAsync(token));
            var error = ClaimPatching.Apply(claim, patch, verdicts, _ => true, out var before, out var after);
            if (error is not null) return WriteResult<CorrectionDto>.Invalid(error);
            if (after.Count == 0) return WriteResult<CorrectionDto>.Invalid(Say.Text("Session.CorrectionNothing"));
            claim.Touch(editor.UserId, entry.Now);
            var names = await NamesAsync(entry.Db, after.Keys.Contains("assigneeId") ? [before["assigneeId"] as string, after["assigneeId"] as string] : [], token);
            var what = CorrectionText.Store(Reason.Of(CorrectionText.Changes, [.. after.Keys.Select(k =>
                Reason.Of("Correction.Change", Reason.Of("Correction.Field." + k), Shown(k, before[k], names), Shown(k, after[k], names)))]));
            var correction = entry.LogCorrection(claim, what)!;
            await entry.Db.SaveChangesAsync(token);
            entry.Record(SessionEventKinds.Corrected, claimId, null, new { before, after, why = reason });
            return WriteResult<CorrectionDto>.Success(new CorrectionDto(correction.Id, claimId, correction.At, editor.Name, CorrectionText.Show(what, verdicts), reason));
        }, ct, correction: reason);
    }

    // A changed field's value as the corrections log keeps it: a verdict by key and a state by name (each worded in the
    // reader's language when shown), an assignee by name, a conclusion or claimant as written.
    private static object Shown(string field, object? value, IReadOnlyDictionary<string, string> names) => field switch
    {
        "verdict" => CorrectionText.VerdictOf(value as string),
        "state" when WorkflowStates.TryParse(value as string, out var state) => CorrectionText.StateOf(state),
        "assigneeId" => CorrectionText.ValueOf(value is string id ? names.GetValueOrDefault(id, id) : null),
        _ => CorrectionText.ValueOf(value?.ToString()),
    };

    private static async Task<IReadOnlyDictionary<string, string>> NamesAsync(FactDeskDbContext db, string?[] ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().ToList();
        if (wanted.Count == 0) return new Dictionary<string, string>();
        return await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
    }

    private async Task<(int ArticleId, int SessionId)?> SessionOfAsync(int sessionId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // An anonymous type, not a tuple: PostgreSQL would send a tuple built in SQL as a record Npgsql does not read.
        var row = await db.Sessions.Where(s => s.Id == sessionId).Select(s => new { s.ArticleId, s.Id }).FirstOrDefaultAsync(ct);
        return row is null ? null : (row.ArticleId, row.Id);
    }

    private async Task<SessionView> ViewAsync(FactDeskDbContext db, ReviewSession session, Actor viewer, CancellationToken ct)
    {
        var title = await db.Articles.Where(a => a.Id == session.ArticleId).Select(a => a.Title).FirstAsync(ct);
        var participants = await db.SessionParticipants.Where(p => p.SessionId == session.Id)
            .Join(db.Users, p => p.UserId, u => u.Id, (p, u) => new PersonOption(u.Id, u.DisplayName, "")).ToListAsync(ct);
        // The blind pass: a Reviewer sees only their own proposals until the Editor reveals.
        var proposals = db.Proposals.AsNoTracking().Where(p => p.SessionId == session.Id).VisibleTo(viewer, session.IsBlindNow);
        var proposalRows = await proposals.OrderBy(p => p.ClaimId).ThenBy(p => p.Id)
            .Select(p => new ProposalDto(p.ClaimId, p.ReviewerId, p.Reviewer != null ? p.Reviewer.DisplayName : "", p.Verdict, p.Conclusion, p.UpdatedAt)).ToListAsync(ct);
        var ballots = await db.Ballots.AsNoTracking().Where(b => b.SessionId == session.Id)
            .Select(b => new BallotDto(b.ClaimId, b.VoterId, b.Voter != null ? b.Voter.DisplayName : "", b.Verdict)).ToListAsync(ct);
        return new SessionView(session.Id, session.ArticleId, title, session.Status, session.Blind, session.RevealedAt, session.Deadline, session.DecisionMode,
            session.Quorum, session.Majority, participants, proposalRows, ballots, session.CreatedAt, session.SignedOffAt);
    }

    /// <summary>A session change as one unit of work on the journal; <c>record</c> adds its Events (kind, claim, after, private to).</summary>
    private Task<WriteResult<T>> WriteAsync<T>(Actor actor, int articleId, JournalRight right,
        Func<FactDeskDbContext, JournalEntry, Action<string, int?, object?, string?>, Task<WriteResult<T>>> change, CancellationToken ct,
        Action<JournalEntry>? alongside = null) =>
        journal.WriteAsync<T>(actor, articleId, right, async (entry, _) =>
        {
            var result = await change(entry.Db, entry, (kind, claimId, after, visibleTo) => entry.Record(kind, claimId, null, after, visibleTo));
            if (result.Ok) alongside?.Invoke(entry);
            if (result.Ok && entry.Events.Count > 0) LogSessionChange(logger, articleId, entry.Events[0].Kind, actor.UserId);
            return result;
        }, ct);

    [LoggerMessage(Level = LogLevel.Information, Message = "Article {ArticleId}: {Kind} by {UserId}")]
    private static partial void LogSessionChange(ILogger logger, int articleId, string kind, string userId);
}
