using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace FactDesk.Core.Export;

/// <summary>The JSON writer settings both JSON-LD exports share.</summary>
internal static class JsonOutput
{
    /// <summary>Flush to the stream once this much is pending, so memory stays flat however many claims there are.</summary>
    public const int FlushThreshold = 32 * 1024;

    public static Utf8JsonWriter Create(Stream output) => new(output, new JsonWriterOptions
    {
        Indented = true,
        // letters of every script stay readable; < > & ' " stay escaped because ClaimReview is pasted into
        // <script type="application/ld+json"> and a claim containing "</script>" must not end that element
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        // nested AnnotationPages add one level per 1,000 annotations
        MaxDepth = 4096,
    });

    public static async ValueTask FlushIfFullAsync(Utf8JsonWriter writer, CancellationToken cancellationToken)
    {
        if (writer.BytesPending >= FlushThreshold) await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static void WriteIfPresent(this Utf8JsonWriter writer, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value)) writer.WriteString(name, value);
    }
}
