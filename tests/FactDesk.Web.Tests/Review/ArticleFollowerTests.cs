using FactDesk.Core.Import;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Import;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Realtime;
using FactDesk.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FactDesk.Web.Tests.Review;

/// <summary>
/// The pages' article follower, without rendering (issue #12 item 6): live Events are applied in number order,
/// exactly once, with gaps filled from the real Event log; the viewer sees only what they may; an outage leaves the
/// page as it was and the follower catches up once the database answers.
/// </summary>
public sealed class ArticleFollowerTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly FactDeskFactory _app = new();
    private readonly InProcessReviewEventBus _bus = new(NullLogger<InProcessReviewEventBus>.Instance);
    private TestUser _editor = null!;
    private int _articleId;
    private IReadOnlyList<ReviewEventDto> _stored = [];

    public async Task InitializeAsync()
    {
        _editor = await _app.CreateAccountAsync(Roles.Editor, "Olena Editor");
        await using var scope = _app.Services.CreateAsyncScope();
        var import = scope.ServiceProvider.GetRequiredService<ImportService>();
        var saved = await import.SaveAsync(_editor.Actor, import.PreviewText("Budget\n\nThe council approved a budget of $4.2 million on Tuesday, the mayor said.", SourceFormat.PlainText),
            new ImportDecision(), CancellationToken.None);
        Assert.True(saved.Ok, saved.Message);
        _articleId = saved.Value!.ArticleId;
        var queries = scope.ServiceProvider.GetRequiredService<ReviewQueries>();
        var claim = (await queries.GetClaimsAsync(_articleId, false, CancellationToken.None))[0];
        var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
        for (var i = 1; i <= 6; i++)
        {
            var note = await review.AddNoteAsync(_editor.Actor, claim.Id, $"Note {i}", null, CancellationToken.None);
            Assert.True(note.Ok, note.Message);
        }
        _stored = await queries.GetEventsAsync(_articleId, 0, 100, CancellationToken.None);
        Assert.True(_stored.Count >= 7);
    }

    private ArticleFollower NewFollower(IDbContextFactory<FactDeskDbContext>? db = null) =>
        new(_bus, new ReviewQueries(db ?? _app.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>()), NullLogger<ArticleFollower>.Instance)
        {
            RetryInterval = TimeSpan.FromMilliseconds(100),
        };

    private ReviewEventBatch Batch(params int[] numbers) => new(_articleId, numbers.Select(n => _stored.Single(e => e.Number == n)).ToList(), Origin: "elsewhere");

    [Fact]
    public async Task Batches_OutOfOrderRepeatedAndWithGaps_AreAppliedOnceInNumberOrder()
    {
        var follower = NewFollower();
        var applied = new List<int>();
        var last = _stored[^1].Number;
        var marker = _stored[^1] with { Number = last + 1 };
        // Continuations run on their own: the test waiting on the follower's thread would block the follower from recording
        // the step it is in the middle of (seen once in CI: Last never reached the marker).
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var markerSeen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // The page has loaded up to the second Event.
        await follower.FollowAsync(_articleId, _stored[1].Number, viewer: _editor.Actor, origin: "mine", update =>
        {
            lock (applied) applied.AddRange(update.Events.Select(e => e.Number));
            if (update.Events[^1].Number == last) caughtUp.TrySetResult();
            if (update.Events[^1].Number == marker.Number) markerSeen.TrySetResult();
            return Task.CompletedTask;
        });
        // FollowAsync caught up from the log at once: everything stored after it is applied, in order.
        await caughtUp.Task.WaitAsync(Patience);
        Assert.Equal(_stored.Skip(2).Select(e => e.Number), applied);

        // Late and repeated deliveries of what was applied change nothing; the next new Event is applied once.
        await _bus.PublishAsync(Batch(last, _stored[3].Number, _stored[2].Number), CancellationToken.None);
        await _bus.PublishAsync(Batch(last), CancellationToken.None);
        await _bus.PublishAsync(new ReviewEventBatch(_articleId, [marker, marker], Origin: null), CancellationToken.None);
        await markerSeen.Task.WaitAsync(Patience);

        Assert.Equal(_stored.Skip(2).Select(e => e.Number).Append(marker.Number), applied);
        // (the step is recorded as applied just after the page's handler returns)
        Assert.True(SpinWait.SpinUntil(() => follower.Last == marker.Number, Patience));
        follower.Stop();
    }

    [Fact]
    public async Task Gap_IsFilledFromTheLogBeforeTheEventAfterIt_AndPlanningAppliesNothing()
    {
        var sequence = new EventSequence(_stored[0].Number);
        var queries = new ReviewQueries(_app.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>());

        var plan = await sequence.PlanAsync([_stored[^1], _stored[^1]], (after, limit, ct) => queries.GetEventsAsync(_articleId, after, limit, ct), CancellationToken.None);

        Assert.Equal(_stored.Skip(1).Select(e => e.Number), plan.Select(e => e.Number));
        Assert.Equal(_stored[0].Number, sequence.Last);
        sequence.Advance(plan);
        Assert.Equal(_stored[^1].Number, sequence.Last);
        Assert.Empty(await sequence.PlanAsync(_stored, (_, _, _) => throw new InvalidOperationException("nothing to fill"), CancellationToken.None));
    }

    [Fact]
    public async Task PrivateEvents_CountForOrderButReachOnlyTheirOwnerAndEditors()
    {
        var other = await _app.CreateAccountAsync(Roles.Reviewer, "Rita Reviewer");
        var owner = await _app.CreateAccountAsync(Roles.Reviewer, "Ana Reviewer");
        var last = _stored[^1].Number;
        var secret = _stored[^1] with { Number = last + 1, VisibleTo = owner.Actor.UserId };
        var open = _stored[^1] with { Number = last + 2 };
        var seen = new Dictionary<string, List<int>>();
        var followers = new List<ArticleFollower>();
        var arrived = new CountdownEvent(3);
        foreach (var viewer in new[] { _editor.Actor, other.Actor, owner.Actor })
        {
            var f = NewFollower();
            followers.Add(f);
            seen[viewer.UserId] = [];
            await f.FollowAsync(_articleId, last, viewer, origin: null, update =>
            {
                seen[viewer.UserId].AddRange(update.Visible.Select(e => e.Number));
                if (update.Events[^1].Number == last + 2) arrived.Signal();
                return Task.CompletedTask;
            });
        }

        await _bus.PublishAsync(new ReviewEventBatch(_articleId, [secret, open], Origin: null), CancellationToken.None);

        Assert.True(arrived.Wait(Patience));
        Assert.Equal([last + 1, last + 2], seen[_editor.Actor.UserId]);
        Assert.Equal([last + 1, last + 2], seen[owner.Actor.UserId]);
        Assert.Equal([last + 2], seen[other.Actor.UserId]);
        Assert.All(followers, f => Assert.True(SpinWait.SpinUntil(() => f.Last == last + 2, Patience)));
        followers.ForEach(f => f.Stop());
    }

    [Fact]
    public async Task DatabaseAway_WhileApplying_NothingAdvancesThePageSaysSo_AndItCatchesUpWhenBack()
    {
        var outage = new DatabaseOutage(_app.Services.GetRequiredService<IDbContextFactory<FactDeskDbContext>>());
        var follower = NewFollower(outage);
        var pageReads = new ReviewQueries(outage);
        var applied = new List<int>();
        var paused = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var resumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var last = _stored[^1].Number;
        await follower.FollowAsync(_articleId, last, _editor.Actor, origin: null, async update =>
        {
            // What a page does with a step: read the changed claims, which fails while the database is away.
            await pageReads.GetClaimListAsync(_articleId, CancellationToken.None);
            lock (applied) applied.AddRange(update.Events.Select(e => e.Number));
        }, changed: () =>
        {
            if (follower.Paused is not null) paused.TrySetResult();
            else resumed.TrySetResult();
            return Task.CompletedTask;
        });

        // Someone writes (the app's own database is up); the page's reads are not.
        outage.Down = true;
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var claim = (await scope.ServiceProvider.GetRequiredService<ReviewQueries>().GetClaimsAsync(_articleId, false, CancellationToken.None))[0];
            var note = await scope.ServiceProvider.GetRequiredService<ReviewService>().AddNoteAsync(_editor.Actor, claim.Id, "Written while the page could not read", null, CancellationToken.None);
            Assert.True(note.Ok, note.Message);
        }
        // (the app's own bus told nobody here: this follower listens to its own bus, so the Event arrives as the log's)
        var stored = _stored[^1] with { Number = last + 1 };
        await _bus.PublishAsync(new ReviewEventBatch(_articleId, [stored], Origin: null), CancellationToken.None);
        await paused.Task.WaitAsync(Patience);
        Assert.Equal(ArticleFollower.PausedMessage, follower.Paused);
        Assert.Equal(last, follower.Last);
        Assert.Empty(applied);

        outage.Down = false;
        await resumed.Task.WaitAsync(Patience);
        Assert.Null(follower.Paused);
        Assert.Equal([last + 1], applied);
        Assert.True(SpinWait.SpinUntil(() => follower.Last == last + 1, Patience));
        follower.Stop();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}
