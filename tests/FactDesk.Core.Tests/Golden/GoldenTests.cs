using FactDesk.Core.Export;
using FactDesk.Core.Tests.Export;

namespace FactDesk.Core.Tests.Golden;

public class GoldenTests
{
    [Theory]
    [InlineData(ExportFormat.ClaimReview, "fixture.claimreview.json")]
    [InlineData(ExportFormat.W3C, "fixture.w3c.json")]
    [InlineData(ExportFormat.Csv, "fixture.csv")]
    [InlineData(ExportFormat.Markdown, "fixture.md")]
    [InlineData(ExportFormat.Html, "fixture.html")]
    public async Task WriteAsync_Fixture_MatchesGoldenFile(ExportFormat format, string golden)
    {
        var output = await ExportFixture.ExportAsync(format);
        GoldenFile.AssertMatches(golden, output);
    }
}
