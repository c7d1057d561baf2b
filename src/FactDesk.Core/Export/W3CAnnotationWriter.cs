using System.Text.Json;

namespace FactDesk.Core.Export;

/// <summary>
/// W3C Web Annotation JSON-LD: one AnnotationCollection whose AnnotationPages (at most <see cref="PageSize"/> annotations
/// each) are embedded, each page in the <c>next</c> of the one before, so the whole export is one self-contained file.
/// </summary>
/// <remarks>
/// <para>One annotation per claim, motivation <c>assessing</c>; its id is <c>{BaseUrl}annotations/{claimId}</c>. Bodies:</para>
/// <list type="bullet">
/// <item>the verdict: TextualBody, purpose <c>assessing</c>, <c>value</c> = the label, <c>fd:verdict</c> = the key;</item>
/// <item>the conclusion: TextualBody, purpose <c>commenting</c>, <c>fd:role</c> = <c>conclusion</c>;</item>
/// <item>each note: TextualBody, purpose <c>commenting</c>, <c>fd:noteId</c>, with <c>creator</c>, <c>created</c>
/// and, for replies, <c>fd:inReplyTo</c> (the parent's note id);</item>
/// <item>each non-redacted source with a URL: SpecificResource, purpose <c>linking</c>, <c>source</c> = the URL, the excerpt
/// as a TextQuoteSelector on that source, the access date as a TimeState <c>sourceDate</c>, the stance as <c>fd:stance</c>
/// and the description as <c>schema:description</c>; a source without a URL is a TextualBody, purpose <c>linking</c>, whose
/// value is the description (excerpt in <c>fd:excerpt</c>);</item>
/// <item>tags: TextualBody, purpose <c>tagging</c>.</item>
/// </list>
/// <para>No body with a <c>purpose</c> carries an <c>id</c>: the model (§3.2, tested as 3.3.5-bodyEWRNoPurpose) reads a body
/// with an id as an External Web Resource, which may not have a purpose. Textual bodies are embedded, so they need none.</para>
/// <para>A claim without a verdict is exported all the same, without a verdict body; its workflow state is always in
/// <c>fd:workflowState</c>. <c>fd:</c> terms are FactDesk extensions (model §6: CURIEs, never redefining a context key),
/// declared in an extra context as <c>{BaseUrl}ns#</c>; a consumer that does not know them ignores them, as §6 requires.</para>
/// <para>The target's <c>source</c> is the article's URL (the FactDesk page when there is none). Its selectors are a
/// TextQuoteSelector and a TextPositionSelector counted in Unicode code points (model §4.2.4), converted from .NET's UTF-16 offsets.</para>
/// </remarks>
internal static class W3CAnnotationWriter
{
    public const string AnnoContext = "http://www.w3.org/ns/anno.jsonld";

    public const int PageSize = 1000;

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<ExportClaim> claims, ExportContext context, CancellationToken cancellationToken)
    {
        var collectionId = CollectionId(context);
        await using var w = JsonOutput.Create(output);
        w.WriteStartObject();
        w.WriteStartArray("@context");
        w.WriteStringValue(AnnoContext);
        w.WriteStartObject();
        w.WriteString("fd", new Uri(context.BaseUrl, "ns#").AbsoluteUri);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteString("id", collectionId.AbsoluteUri);
        w.WriteString("type", "AnnotationCollection");
        w.WriteString("label", context.Title ?? "FactDesk annotations");
        w.WriteStartObject("creator");
        w.WriteString("type", "Organization");
        w.WriteString("name", context.PublisherName);
        w.WriteString("homepage", context.PublisherUrl.AbsoluteUri);
        w.WriteEndObject();
        w.WriteStartObject("generator");
        w.WriteString("id", context.BaseUrl.AbsoluteUri);
        w.WriteString("type", "Software");
        w.WriteString("name", "FactDesk");
        w.WriteString("homepage", context.BaseUrl.AbsoluteUri);
        w.WriteEndObject();
        w.WriteString("generated", ExportText.IsoUtc(context.GeneratedAt));

        var cursor = new CodePointCursor();
        int total = 0;
        int openPages = 0;
        await foreach (var claim in claims.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (total % PageSize == 0)
            {
                if (openPages > 0) w.WriteEndArray(); // items of the page before; its "next" follows
                int page = total / PageSize;
                w.WriteStartObject(openPages == 0 ? "first" : "next");
                w.WriteString("id", PageId(collectionId, page).AbsoluteUri);
                w.WriteString("type", "AnnotationPage");
                w.WriteString("partOf", collectionId.AbsoluteUri);
                w.WriteNumber("startIndex", total);
                if (page > 0) w.WriteString("prev", PageId(collectionId, page - 1).AbsoluteUri);
                w.WriteStartArray("items");
                openPages++;
            }
            WriteAnnotation(w, claim, context, cursor);
            total++;
            await JsonOutput.FlushIfFullAsync(w, cancellationToken).ConfigureAwait(false);
        }
        if (openPages > 0)
        {
            w.WriteEndArray();
            for (int i = 0; i < openPages; i++) w.WriteEndObject();
        }
        // the count is only known at the end; JSON-LD does not care where in the object it stands
        w.WriteNumber("total", total);
        w.WriteEndObject();
        await w.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public static Uri CollectionId(ExportContext context) => context.ExportUri ?? new Uri(context.BaseUrl, "annotations/");

    private static Uri PageId(Uri collectionId, int page) => new UriBuilder(collectionId) { Fragment = $"page-{page + 1}" }.Uri;

    public static string AnnotationId(ExportContext context, int claimId) => new Uri(context.BaseUrl, $"annotations/{claimId}").AbsoluteUri;

    private static void WriteAnnotation(Utf8JsonWriter w, ExportClaim claim, ExportContext context, CodePointCursor cursor)
    {
        var article = claim.Article;
        var id = AnnotationId(context, claim.Id);
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("type", "Annotation");
        w.WriteString("motivation", "assessing");
        if (claim.CreatedAt is { } created) w.WriteString("created", ExportText.IsoUtc(created));
        w.WriteString("modified", ExportText.IsoUtc(claim.UpdatedAt));
        WriteCreator(w, claim, context);
        w.WriteString("fd:workflowState", claim.State);
        w.WriteString("fd:claimType", claim.Type);
        w.WriteNumber("fd:checkWorthiness", Math.Round(claim.Score, 3));
        w.WriteIfPresent("fd:claimant", claim.Claimant);

        bool hasBody = !string.IsNullOrWhiteSpace(claim.Verdict) || !string.IsNullOrWhiteSpace(claim.Conclusion)
            || claim.Evidence.Any(e => !e.Redacted) || claim.Notes.Count > 0 || (claim.Tags ?? []).Any(t => !string.IsNullOrWhiteSpace(t));
        // the model allows an annotation without a body; an empty array would only say the same thing less clearly
        if (hasBody) w.WriteStartArray("body");
        if (!string.IsNullOrWhiteSpace(claim.Verdict))
        {
            var verdict = ExportText.Verdict(context, claim.Verdict);
            w.WriteStartObject();
            w.WriteString("type", "TextualBody");
            w.WriteString("purpose", "assessing");
            w.WriteString("value", verdict?.Label ?? claim.Verdict);
            w.WriteString("format", "text/plain");
            w.WriteString("fd:verdict", verdict?.Key ?? claim.Verdict.Trim());
            w.WriteEndObject();
        }
        if (!string.IsNullOrWhiteSpace(claim.Conclusion))
        {
            w.WriteStartObject();
            w.WriteString("type", "TextualBody");
            w.WriteString("purpose", "commenting");
            w.WriteString("value", claim.Conclusion);
            w.WriteString("format", "text/plain");
            w.WriteString("fd:role", "conclusion");
            w.WriteEndObject();
        }
        foreach (var e in claim.Evidence)
        {
            if (e.Redacted) continue;
            WriteEvidence(w, e);
        }
        foreach (var note in claim.Notes)
        {
            w.WriteStartObject();
            w.WriteString("type", "TextualBody");
            w.WriteString("purpose", "commenting");
            w.WriteString("value", note.Body);
            w.WriteString("format", "text/plain");
            w.WriteStartObject("creator");
            w.WriteString("type", "Person");
            w.WriteString("name", note.Author);
            w.WriteEndObject();
            w.WriteString("created", ExportText.IsoUtc(note.At));
            w.WriteNumber("fd:noteId", note.Id);
            if (note.ParentId is int parent) w.WriteNumber("fd:inReplyTo", parent);
            w.WriteEndObject();
        }
        foreach (var tag in claim.Tags ?? [])
        {
            if (string.IsNullOrWhiteSpace(tag)) continue;
            w.WriteStartObject();
            w.WriteString("type", "TextualBody");
            w.WriteString("purpose", "tagging");
            w.WriteString("value", tag.Trim());
            w.WriteEndObject();
        }
        if (hasBody) w.WriteEndArray();

        w.WriteStartObject("target");
        w.WriteString("source", (ExportText.HttpUrl(article.Url) ?? article.PageUri).AbsoluteUri);
        w.WriteStartArray("selector");
        w.WriteStartObject();
        w.WriteString("type", "TextQuoteSelector");
        w.WriteString("exact", claim.Exact);
        // at the start or end of the text there is no context; an empty prefix would claim there is
        if (claim.Prefix.Length > 0) w.WriteString("prefix", claim.Prefix);
        if (claim.Suffix.Length > 0) w.WriteString("suffix", claim.Suffix);
        w.WriteEndObject();
        w.WriteStartObject();
        w.WriteString("type", "TextPositionSelector");
        // the model counts characters as code points; an emoji is one, not two UTF-16 units
        w.WriteNumber("start", cursor.ToCodePoints(article.Body, claim.Start));
        w.WriteNumber("end", cursor.ToCodePoints(article.Body, claim.End));
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();

        w.WriteEndObject();
    }

    private static void WriteCreator(Utf8JsonWriter w, ExportClaim claim, ExportContext context)
    {
        var checkers = claim.CheckedBy.Where(n => !string.IsNullOrWhiteSpace(n)).ToArray();
        if (checkers.Length == 0)
        {
            // nobody has checked it yet: the desk is responsible for what it publishes
            w.WriteStartObject("creator");
            w.WriteString("type", "Organization");
            w.WriteString("name", context.PublisherName);
            w.WriteString("homepage", context.PublisherUrl.AbsoluteUri);
            w.WriteEndObject();
            return;
        }
        w.WriteStartArray("creator");
        foreach (var name in checkers)
        {
            w.WriteStartObject();
            w.WriteString("type", "Person");
            w.WriteString("name", name.Trim());
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    private static void WriteEvidence(Utf8JsonWriter w, ExportEvidence e)
    {
        var url = ExportText.HttpUrl(e.Url);
        w.WriteStartObject();
        if (url is not null)
        {
            w.WriteString("type", "SpecificResource");
            w.WriteString("purpose", "linking");
            w.WriteString("source", url.AbsoluteUri);
            if (!string.IsNullOrWhiteSpace(e.Excerpt))
            {
                // the excerpt is a passage of the source: exactly what a TextQuoteSelector on it describes
                w.WriteStartObject("selector");
                w.WriteString("type", "TextQuoteSelector");
                w.WriteString("exact", e.Excerpt);
                w.WriteEndObject();
            }
            if (e.AccessedOn is { } accessed)
            {
                w.WriteStartObject("state");
                w.WriteString("type", "TimeState");
                w.WriteString("sourceDate", ExportText.IsoDate(accessed) + "T00:00:00Z");
                w.WriteEndObject();
            }
            w.WriteIfPresent("schema:description", e.Description);
        }
        else
        {
            // no usable URL: the description (or the unusable URL as typed) is the reference
            w.WriteString("type", "TextualBody");
            w.WriteString("purpose", "linking");
            var text = string.Join(" — ", new[] { e.Description, e.Url }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
            w.WriteString("value", text.Length > 0 ? text : "(unnamed source)");
            w.WriteString("format", "text/plain");
            w.WriteIfPresent("fd:excerpt", e.Excerpt);
            if (e.AccessedOn is { } accessed) w.WriteString("fd:accessedOn", ExportText.IsoDate(accessed));
        }
        w.WriteString("fd:stance", e.Stance);
        w.WriteEndObject();
    }
}
