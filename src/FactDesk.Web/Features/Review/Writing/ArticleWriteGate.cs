using System.Collections.Concurrent;
using FactDesk.Web.Features.Review.Reading;

namespace FactDesk.Web.Features.Review.Writing;

/// <summary>
/// Writes to one article take turns in this process, from the transaction to the hand-over to the bus, so Events are
/// numbered, committed and published in the same order and every subscriber receives them in number order. Every
/// service that writes Events (review, sessions, revisions, annotation import) goes through it. One per app (and so per
/// database); it also remembers which article a claim belongs to, which never changes.
/// </summary>
public sealed class ArticleWriteGate
{
    private readonly ConcurrentDictionary<int, SemaphoreSlim> _gates = new();
    private readonly ConcurrentDictionary<int, int> _articleOfClaim = new();

    public async Task<IDisposable> EnterAsync(int articleId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(articleId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Turn(gate);
    }

    public bool TryGetArticleOfClaim(int claimId, out int articleId) => _articleOfClaim.TryGetValue(claimId, out articleId);

    public void RememberArticleOfClaim(int claimId, int articleId)
    {
        // Bounded: forgetting only costs one query the next time.
        if (_articleOfClaim.Count > 200_000) _articleOfClaim.Clear();
        _articleOfClaim[claimId] = articleId;
    }

    private sealed class Turn(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
