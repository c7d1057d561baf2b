using FactDesk.Core.Anchoring;
using FactDesk.Core.Text;

namespace FactDesk.Core.Interchange;

/// <summary>A source found in an imported annotation.</summary>
/// <param name="Url">The source's URL, when it has one.</param>
/// <param name="Description">What the source is.</param>
/// <param name="Excerpt">The passage quoted from it.</param>
/// <param name="Stance"><c>supports</c>, <c>contradicts</c> or <c>context</c> (the default when the file does not say).</param>
public sealed record ImportedEvidence(string? Url, string? Description, string? Excerpt, string Stance);

/// <summary>A comment found in an imported annotation.</summary>
/// <param name="Author">Display name of the writer, when the file names one.</param>
/// <param name="At">When it was written, when the file says.</param>
/// <param name="Body">The text.</param>
public sealed record ImportedNote(string? Author, DateTimeOffset? At, string Body);

/// <summary>One annotation read from a file, not yet anchored onto any text.</summary>
/// <param name="Id">The annotation's id in the file, if any.</param>
/// <param name="Source">The target's source IRI (the annotated document), if any.</param>
/// <param name="Exact">The quoted text (TextQuoteSelector <c>exact</c>); empty when the file has no quote.</param>
/// <param name="Prefix">Text just before the quote.</param>
/// <param name="Suffix">Text just after the quote.</param>
/// <param name="Start">
/// TextPositionSelector start <b>as found in the file, in Unicode code points</b> (the model's unit). It cannot be converted
/// to UTF-16 before the text is known; <see cref="W3CAnnotationReader.Anchor"/> converts it and the anchored span
/// (<see cref="AnchorMatch.Span"/>) is in UTF-16.
/// </param>
/// <param name="End">TextPositionSelector end in code points, as <paramref name="Start"/>.</param>
/// <param name="Verdict">The assessing body's value (a verdict label, or a key), as found.</param>
/// <param name="Conclusion">The conclusion (a FactDesk commenting body with id <c>…#conclusion</c>).</param>
/// <param name="Evidence">Linking bodies.</param>
/// <param name="Notes">Commenting bodies and, for Hypothesis, the annotation text and its replies.</param>
/// <param name="Tags">Tagging bodies or Hypothesis tags.</param>
public sealed record ImportedAnnotation(string? Id, string? Source, string Exact, string Prefix, string Suffix, int? Start, int? End,
    string? Verdict, string? Conclusion, IReadOnlyList<ImportedEvidence> Evidence, IReadOnlyList<ImportedNote> Notes, IReadOnlyList<string> Tags);

/// <summary>An annotation and where it was anchored.</summary>
/// <param name="Annotation">What was read.</param>
/// <param name="Match">Where it is in the text (UTF-16 span) and how it was found.</param>
public sealed record AnchoredAnnotation(ImportedAnnotation Annotation, AnchorMatch Match);

/// <summary>An annotation that could not be anchored with confidence, and why (the Web layer words it for a reviewer).</summary>
/// <param name="Annotation">What was read.</param>
/// <param name="Reason">Why it was not attached: <c>AnnotationFile.OtherSource</c>, <c>QuoteMissing</c>, ….</param>
public sealed record OrphanAnnotation(ImportedAnnotation Annotation, Reason Reason);

/// <summary>The outcome of anchoring a file's annotations onto one text.</summary>
/// <param name="Anchored">Annotations with a place in the text, in the file's order.</param>
/// <param name="Orphans">Annotations without one, with reasons.</param>
/// <param name="Warnings">Things a reviewer should check (for example approximate matches), for the Web layer to word.</param>
public sealed record AnnotationImportResult(IReadOnlyList<AnchoredAnnotation> Anchored, IReadOnlyList<OrphanAnnotation> Orphans, IReadOnlyList<Reason> Warnings);

/// <summary>
/// The file cannot be imported. From <see cref="W3CAnnotationReader"/>, <see cref="Reason"/> says what is wrong and
/// where (the Web layer words it); a caller that already has a sentence in its reader's language passes the sentence.
/// </summary>
public sealed class AnnotationFormatException : Exception
{
    /// <summary>What is wrong, for the Web layer to word; the message is its code, for logs.</summary>
    public AnnotationFormatException(Reason reason) : base(reason?.ToString()) => Reason = reason;

    /// <summary>What is wrong, in a sentence already in the reader's language.</summary>
    public AnnotationFormatException(string message) : base(message) { }

    /// <summary>What is wrong, as a code and arguments; null when <see cref="Exception.Message"/> is already a sentence.</summary>
    public Reason? Reason { get; }

    /// <summary>True when the article to import onto does not exist (the API answers 404).</summary>
    public bool ArticleMissing { get; init; }
}
