using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using FactDesk.Core.Export;
using Json.Schema;

namespace FactDesk.Core.Tests.Export;

/// <summary>
/// Exporter output against schemas written from the W3C Web Annotation Data Model and Google's ClaimReview documentation
/// (Export/Schemas; each rule cites its section). Each schema is also shown to reject a document that breaks a rule.
/// </summary>
public class SchemaValidationTests
{
    private static JsonSchema Load(string name, [CallerFilePath] string here = "") =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(Path.GetDirectoryName(here)!, "Schemas", name)),
            new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    private static readonly JsonSchema Annotation = Load("web-annotation.schema.json");
    private static readonly JsonSchema ClaimReview = Load("claimreview.schema.json");

    private static void AssertValid(JsonSchema schema, JsonNode document)
    {
        using var doc = JsonDocument.Parse(document.ToJsonString());
        var result = schema.Evaluate(doc.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")).Take(10);
        Assert.True(result.IsValid, "Schema errors:\n" + string.Join("\n", errors));
    }

    private static void AssertInvalid(JsonSchema schema, JsonNode document)
    {
        using var doc = JsonDocument.Parse(document.ToJsonString());
        Assert.False(schema.Evaluate(doc.RootElement).IsValid);
    }

    private static async Task<JsonNode> W3CAsync(IReadOnlyList<ExportClaim>? claims = null) =>
        JsonNode.Parse(await ExportFixture.ExportAsync(ExportFormat.W3C, claims))!;

    private static async Task<JsonNode> ClaimReviewAsync() => JsonNode.Parse(await ExportFixture.ExportAsync(ExportFormat.ClaimReview))!;

    private static JsonObject FirstAnnotation(JsonNode collection) => collection["first"]!["items"]![0]!.AsObject();

    [Fact]
    public async Task W3C_FixtureExport_SatisfiesWebAnnotationModel() => AssertValid(Annotation, await W3CAsync());

    [Fact]
    public async Task W3C_SeveralPages_SatisfiesWebAnnotationModel()
    {
        var claims = Enumerable.Range(0, 2500).Select(i => ExportFixture.Claims()[i % 6] with { Id = i + 1 }).ToList();
        var doc = await W3CAsync(claims);
        AssertValid(Annotation, doc);
        Assert.Equal(2500, (int)doc["total"]!);
        Assert.Equal(1000, (int)doc["first"]!["next"]!["startIndex"]!);
        Assert.Equal(2000, (int)doc["first"]!["next"]!["next"]!["startIndex"]!);
        Assert.Equal(500, doc["first"]!["next"]!["next"]!["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task W3C_NoClaims_IsAnEmptyValidCollection()
    {
        var doc = await W3CAsync([]);
        AssertValid(Annotation, doc);
        Assert.Equal(0, (int)doc["total"]!);
        Assert.Null(doc["first"]);
    }

    [Fact]
    public async Task W3C_SingleAnnotationDocument_SatisfiesWebAnnotationModel()
    {
        var doc = await W3CAsync();
        var single = FirstAnnotation(doc).DeepClone().AsObject();
        single.Insert(0, "@context", "http://www.w3.org/ns/anno.jsonld");
        AssertValid(Annotation, single);
    }

    [Theory]
    [InlineData("target")]
    [InlineData("id")]
    [InlineData("type")]
    public async Task WebAnnotationSchema_AnnotationWithoutRequiredProperty_Rejected(string property)
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc).Remove(property);
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_WrongContext_Rejected()
    {
        var doc = await W3CAsync();
        doc["@context"] = "https://schema.org";
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_IdNotAnIri_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["id"] = "claim 1";
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_NegativePosition_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["target"]!["selector"]![1]!["start"] = -1;
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_QuoteSelectorWithoutExact_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["target"]!["selector"]![0]!.AsObject().Remove("exact");
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_PageWithoutItems_Rejected()
    {
        var doc = await W3CAsync();
        doc["first"]!.AsObject().Remove("items");
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_PageWithoutPartOf_Rejected()
    {
        var doc = await W3CAsync();
        doc["first"]!.AsObject().Remove("partOf");
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_CollectionWithAnnotationsButNoFirst_Rejected()
    {
        var doc = await W3CAsync();
        doc.AsObject().Remove("first");
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_LocalTimeWithoutZ_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["modified"] = "2025-03-05T14:30:00+01:00";
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_BodyAndBodyValue_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["bodyValue"] = "both";
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task WebAnnotationSchema_UnknownMotivation_Rejected()
    {
        var doc = await W3CAsync();
        FirstAnnotation(doc)["motivation"] = "factchecking";
        AssertInvalid(Annotation, doc);
    }

    [Fact]
    public async Task ClaimReview_FixtureExport_SatisfiesGoogleFields() => AssertValid(ClaimReview, await ClaimReviewAsync());

    [Theory]
    [InlineData("claimReviewed")]
    [InlineData("reviewRating")]
    [InlineData("url")]
    [InlineData("author")]
    [InlineData("itemReviewed")]
    public async Task ClaimReviewSchema_WithoutRequiredProperty_Rejected(string property)
    {
        var doc = await ClaimReviewAsync();
        doc["@graph"]![0]!.AsObject().Remove(property);
        AssertInvalid(ClaimReview, doc);
    }

    [Fact]
    public async Task ClaimReviewSchema_RatingWithoutAlternateName_Rejected()
    {
        var doc = await ClaimReviewAsync();
        doc["@graph"]![0]!["reviewRating"]!.AsObject().Remove("alternateName");
        AssertInvalid(ClaimReview, doc);
    }

    [Fact]
    public async Task ClaimReviewSchema_RatingValueWithoutBounds_Rejected()
    {
        var doc = await ClaimReviewAsync();
        doc["@graph"]![0]!["reviewRating"]!.AsObject().Remove("bestRating");
        AssertInvalid(ClaimReview, doc);
    }

    [Fact]
    public async Task ClaimReviewSchema_ClaimWithoutAppearance_Rejected()
    {
        var doc = await ClaimReviewAsync();
        doc["@graph"]![0]!["itemReviewed"]!.AsObject().Remove("appearance");
        AssertInvalid(ClaimReview, doc);
    }

    [Fact]
    public async Task ClaimReviewSchema_ClaimReviewedOver75Characters_Rejected()
    {
        var doc = await ClaimReviewAsync();
        doc["@graph"]![0]!["claimReviewed"] = new string('x', 76);
        AssertInvalid(ClaimReview, doc);
    }
}
