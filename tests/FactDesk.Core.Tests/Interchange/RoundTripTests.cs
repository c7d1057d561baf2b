using System.Text;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Export;
using FactDesk.Core.Interchange;
using FactDesk.Core.Tests.Export;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Interchange;

public class RoundTripTests
{
    private static async Task<IReadOnlyList<ImportedAnnotation>> ExportAndReadAsync(IReadOnlyList<ExportClaim> claims)
    {
        var json = await ExportFixture.ExportAsync(ExportFormat.W3C, claims);
        return await W3CAnnotationReader.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), 10_000, CancellationToken.None);
    }

    private static IReadOnlyList<ExportClaim> Article1Claims() => ExportFixture.Claims().Where(c => c.Article.Id == 101).ToList();

    [Fact]
    public async Task ExportThenImport_SameText_SameSpansVerdictsConclusionsEvidenceNotes()
    {
        var claims = Article1Claims();
        var imported = await ExportAndReadAsync(claims);
        var result = W3CAnnotationReader.Anchor(imported, ExportFixture.Body1, ExportFixture.Article1.Url);

        Assert.Empty(result.Orphans);
        Assert.Empty(result.Warnings);
        Assert.Equal(claims.Count, result.Anchored.Count);
        foreach (var (claim, anchored) in claims.Zip(result.Anchored))
        {
            Assert.Equal(claim.Start, anchored.Match.Span.Start);
            Assert.Equal(claim.End, anchored.Match.Span.End);
            Assert.Equal(AnchorMethod.Position, anchored.Match.Method);
            var a = anchored.Annotation;
            Assert.Equal(claim.Verdict, a.Verdict is null ? null : VerdictKey(a.Verdict));
            Assert.Equal(claim.Conclusion, a.Conclusion);
            var expectedEvidence = claim.Evidence.Where(e => !e.Redacted).ToList();
            Assert.Equal(expectedEvidence.Count, a.Evidence.Count);
            foreach (var (e, i) in expectedEvidence.Zip(a.Evidence))
            {
                Assert.Equal(e.Url is null ? null : new Uri(e.Url).AbsoluteUri, i.Url);
                Assert.Equal(e.Description, i.Description);
                Assert.Equal(e.Excerpt, i.Excerpt);
                Assert.Equal(e.Stance, i.Stance);
            }
            Assert.Equal(claim.Notes.Select(n => (n.Author, n.At, n.Body)), a.Notes.Select(n => (n.Author!, n.At!.Value, n.Body)));
            Assert.Equal(claim.Tags ?? [], a.Tags);
        }
    }

    private static string VerdictKey(string labelOrKey) => Core.Verdicts.VerdictScale.Default.Find(labelOrKey)!.Key;

    [Fact]
    public async Task ExportThenImport_AnotherArticlesText_AllOrphansTargetingAnotherSource()
    {
        var imported = await ExportAndReadAsync(Article1Claims());
        var result = W3CAnnotationReader.Anchor(imported, ExportFixture.Body1, "https://other.example/story");
        Assert.Empty(result.Anchored);
        Assert.All(result.Orphans, o => Assert.StartsWith(Reason.Of("AnnotationFile.OtherSource", "https://gazette.example/news/tunnel-costs").ToString()[..^1], o.Reason.ToString()));
    }

    [Fact]
    public async Task ExportThenImport_SourceWrittenDifferently_StillSameSource()
    {
        var imported = await ExportAndReadAsync(Article1Claims());
        var result = W3CAnnotationReader.Anchor(imported, ExportFixture.Body1, "http://www.gazette.example/news/tunnel-costs/?utm_source=x#top");
        Assert.Empty(result.Orphans);
    }
}
