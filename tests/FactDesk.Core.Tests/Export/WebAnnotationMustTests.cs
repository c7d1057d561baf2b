using System.Globalization;
using System.Text.Json;
using FactDesk.Core.Export;

namespace FactDesk.Core.Tests.Export;

/// <summary>
/// The MUST assertions of the W3C Web Annotation Data Model (and the w3c/web-annotation-tests that check them), written
/// from the spec and run on FactDesk's W3C export of the fixture: context, ids, types, motivations, bodies (an External
/// Web Resource, i.e. a body with an id that is not embedded text, has no purpose: 3.3.5-bodyEWRNoPurpose), selectors,
/// dates, collections and pages.
/// </summary>
public sealed class WebAnnotationMustTests
{
    private static readonly HashSet<string?> Motivations =
        ["assessing", "bookmarking", "classifying", "commenting", "describing", "editing", "highlighting", "identifying", "linking", "moderating", "questioning", "replying", "tagging"];

    private static async Task<(JsonElement Root, List<JsonElement> Annotations, JsonDocument Doc)> ExportAsync()
    {
        var doc = JsonDocument.Parse(await ExportFixture.ExportAsync(ExportFormat.W3C));
        var annotations = new List<JsonElement>();
        for (var page = doc.RootElement.GetProperty("first"); ; page = page.GetProperty("next"))
        {
            annotations.AddRange(page.GetProperty("items").EnumerateArray());
            if (!page.TryGetProperty("next", out _)) break;
        }
        return (doc.RootElement, annotations, doc);
    }

    [Fact]
    public async Task Collection_ContextIdTypeAndPages_AsTheModelRequires()
    {
        var (root, annotations, doc) = await ExportAsync();
        using var owned = doc;

        Assert.Equal("http://www.w3.org/ns/anno.jsonld", root.GetProperty("@context")[0].GetString());
        Assert.True(Uri.IsWellFormedUriString(root.GetProperty("id").GetString(), UriKind.Absolute));
        Assert.Equal("AnnotationCollection", root.GetProperty("type").GetString());
        var first = root.GetProperty("first");
        Assert.Equal("AnnotationPage", first.GetProperty("type").GetString());
        Assert.Equal(root.GetProperty("id").GetString(), first.GetProperty("partOf").GetString());
        Assert.Equal(annotations.Count, root.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Annotations_IdTypeTargetMotivation_Present()
    {
        var (_, annotations, doc) = await ExportAsync();
        using var owned = doc;

        Assert.NotEmpty(annotations);
        foreach (var a in annotations)
        {
            Assert.True(Uri.IsWellFormedUriString(a.GetProperty("id").GetString(), UriKind.Absolute));
            Assert.Equal("Annotation", a.GetProperty("type").GetString());
            Assert.True(a.TryGetProperty("target", out var target), "An Annotation MUST have a target.");
            Assert.True(Uri.IsWellFormedUriString(target.GetProperty("source").GetString(), UriKind.Absolute));
            Assert.Contains(a.GetProperty("motivation").GetString(), Motivations);
            foreach (var name in new[] { "created", "modified", "generated" })
            {
                if (a.TryGetProperty(name, out var date)) AssertUtcDateTime(date.GetString());
            }
        }
    }

    [Fact]
    public async Task Bodies_WithPurpose_AreNeverExternalWebResources()
    {
        var (_, annotations, doc) = await ExportAsync();
        using var owned = doc;

        var bodies = annotations.Where(a => a.TryGetProperty("body", out _)).SelectMany(a => a.GetProperty("body").EnumerateArray()).ToList();
        Assert.NotEmpty(bodies);
        foreach (var body in bodies)
        {
            var type = body.TryGetProperty("type", out var t) ? t.GetString() : null;
            // 3.3.5-bodyEWRNoPurpose: the test suite reads any body with an id (other than a SpecificResource) as an External Web Resource.
            if (body.TryGetProperty("id", out _) && type != "SpecificResource")
                Assert.False(body.TryGetProperty("purpose", out _), $"A body with an id may not carry a purpose: {body}");
            if (body.TryGetProperty("purpose", out var purpose)) Assert.Contains(purpose.GetString(), Motivations);
            if (type == "TextualBody")
            {
                Assert.True(body.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String, "A TextualBody MUST have a value.");
            }
            if (type == "SpecificResource")
            {
                Assert.True(body.TryGetProperty("source", out _), "A SpecificResource MUST have a source.");
            }
            if (body.TryGetProperty("state", out var state)) AssertUtcDateTime(state.GetProperty("sourceDate").GetString());
        }
    }

    [Fact]
    public async Task Selectors_QuoteHasExactPositionsAreOrderedCodePoints()
    {
        var (_, annotations, doc) = await ExportAsync();
        using var owned = doc;

        foreach (var selector in annotations.SelectMany(a => a.GetProperty("target").GetProperty("selector").EnumerateArray()))
        {
            switch (selector.GetProperty("type").GetString())
            {
                case "TextQuoteSelector":
                    Assert.False(string.IsNullOrEmpty(selector.GetProperty("exact").GetString()), "A TextQuoteSelector MUST have exact.");
                    break;
                case "TextPositionSelector":
                    var start = selector.GetProperty("start").GetInt32();
                    var end = selector.GetProperty("end").GetInt32();
                    Assert.True(start >= 0 && end >= start, $"start {start}, end {end}");
                    break;
                default:
                    Assert.Fail($"Unexpected selector {selector}");
                    break;
            }
        }
    }

    private static void AssertUtcDateTime(string? value)
    {
        Assert.NotNull(value);
        Assert.EndsWith("Z", value);
        Assert.True(DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _), value);
    }
}
