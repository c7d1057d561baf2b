using BenchmarkDotNet.Attributes;
using Bunit;
using FactDesk.Core.Verdicts;
using FactDesk.Web.Features.Desk;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Features.Shared;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace FactDesk.Benchmarks;

/// <summary>
/// Issue #2: the desk page with 1,000 articles and the review page of a 10,000-word article with 500 claims render their
/// first view in ≤ 300 ms server time.
/// Review: a fresh bUnit context per iteration (a new circuit's services), then the first render of ArticleText and ClaimList
/// with the page's data; "+Html" also writes the markup, as prerendering would.
/// Desk: DeskQueries.ListAsync for the first page of 25 against a real SQLite file with 1,000 articles × 20 claims, and the
/// 25 verdict bars the page draws from it.
/// </summary>
[MemoryDiagnoser]
public class RenderBenchmarks
{
    private string _body = "";
    private IReadOnlyList<ClaimDto> _claims = [];
    private int _selected;
    private BunitContext? _ctx;
    private DeskDatabase? _desk;
    private DeskQueries? _queries;
    private DeskResult? _page;

    [GlobalSetup]
    public void Setup()
    {
        (_body, _claims) = ReviewFixture.Build();
        _selected = _claims[_claims.Count / 2].Id;
        _desk = DeskDatabase.CreateAsync().GetAwaiter().GetResult();
        _queries = new DeskQueries(_desk.Factory);
        _page = _queries.ListAsync(new DeskFilter(UserId: DeskDatabase.UserId), CancellationToken.None).GetAwaiter().GetResult();
        if (_page.Items.Count != 25 || _page.Total != 1_000 || _page.Items.Sum(i => i.Claims) == 0)
            throw new InvalidOperationException($"Desk query returned {_page.Items.Count} rows of {_page.Total}: the seed is wrong.");
    }

    [GlobalCleanup]
    public void Cleanup() => _desk?.Dispose();

    [IterationSetup(Targets = [nameof(Review_ArticleText), nameof(Review_ClaimList), nameof(Review_FirstView_Html), nameof(Desk_VerdictBars25)])]
    public void NewContext()
    {
        _ctx = new BunitContext();
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.Services.AddMudServices();
        _ctx.Services.AddLocalization();
        _ctx.Services.AddSingleton(VerdictScale.Default);
    }

    [IterationCleanup(Targets = [nameof(Review_ArticleText), nameof(Review_ClaimList), nameof(Review_FirstView_Html), nameof(Desk_VerdictBars25)])]
    public void DisposeContext()
    {
        _ctx?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _ctx = null;
    }

    [Benchmark]
    public int Review_ArticleText() => RenderArticle().RenderCount;

    [Benchmark]
    public int Review_ClaimList() => RenderClaimList().RenderCount;

    /// <summary>Both components of the review page's first view, with their HTML written out.</summary>
    [Benchmark]
    public int Review_FirstView_Html() => RenderArticle().Markup.Length + RenderClaimList().Markup.Length;

    [Benchmark]
    public async Task<int> Desk_FirstPageQuery()
    {
        var result = await _queries!.ListAsync(new DeskFilter(UserId: DeskDatabase.UserId), CancellationToken.None);
        return result.Items.Count;
    }

    [Benchmark]
    public int Desk_VerdictBars25()
    {
        int length = 0;
        foreach (var item in _page!.Items)
            length += _ctx!.Render<VerdictBar>(p => p.Add(x => x.Counts, item.Verdicts).Add(x => x.Total, item.Claims)).Markup.Length;
        return length;
    }

    private IRenderedComponent<ArticleText> RenderArticle() => _ctx!.Render<ArticleText>(p => p
        .Add(x => x.Body, _body)
        .Add(x => x.Claims, _claims)
        .Add(x => x.SelectedId, _selected)
        .Add(x => x.Language, "en"));

    private IRenderedComponent<ClaimList> RenderClaimList() => _ctx!.Render<ClaimList>(p => p
        .Add(x => x.Claims, _claims)
        .Add(x => x.SelectedId, _selected));
}
