using System.Globalization;
using System.Text.Json;
using FactDesk.Core.Anchoring;
using FactDesk.Core.Text;

namespace FactDesk.Core.Interchange;

/// <summary>
/// Reads W3C Web Annotations (FactDesk's own export, Recogito, any Web Annotation tool) and Hypothesis API results, and
/// anchors them onto a text the way hypothesis/client does: position when the quote is still there, else quote with
/// context, else an approximate match; otherwise an orphan with a reason — never the wrong words.
/// </summary>
public static class W3CAnnotationReader
{
    /// <summary>The JSON-LD context every W3C annotation document must name (Web Annotation Data Model §3.1).</summary>
    public const string AnnoContext = "http://www.w3.org/ns/anno.jsonld";

    /// <summary>The largest file <see cref="ReadAsync(Stream, int, CancellationToken)"/> reads: 20 MB.</summary>
    public const long DefaultMaxBytes = 20L * 1024 * 1024;

    /// <summary>
    /// Reads one Annotation, an array of annotations, an AnnotationCollection with embedded pages, an AnnotationPage, a
    /// Hypothesis search result (<c>{"rows":[…]}</c>) or export (<c>{"annotations":[…]}</c>), of at most
    /// <see cref="DefaultMaxBytes"/>.
    /// </summary>
    /// <exception cref="AnnotationFormatException">The file is too large, not JSON (the message says the line and byte), has the wrong
    /// or no <c>@context</c>, an annotation without a target, only part of a collection, or more than <paramref name="maxAnnotations"/> annotations.</exception>
    public static Task<IReadOnlyList<ImportedAnnotation>> ReadAsync(Stream json, int maxAnnotations, CancellationToken cancellationToken) =>
        ReadAsync(json, maxAnnotations, DefaultMaxBytes, cancellationToken);

    /// <summary>As <see cref="ReadAsync(Stream, int, CancellationToken)"/>, reading at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="AnnotationFormatException">See <see cref="ReadAsync(Stream, int, CancellationToken)"/>.</exception>
    public static async Task<IReadOnlyList<ImportedAnnotation>> ReadAsync(Stream json, int maxAnnotations, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentOutOfRangeException.ThrowIfNegative(maxAnnotations);
        var bytes = await ReadBoundedAsync(json, maxBytes, cancellationToken).ConfigureAwait(false);
        var span = bytes.AsMemory();
        // a UTF-8 byte order mark is common in files saved by Windows tools and means nothing to JSON
        if (span.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) span = span[3..];
        if (span.Span.Trim((ReadOnlySpan<byte>)[0x20, 0x09, 0x0A, 0x0D]).IsEmpty) throw new AnnotationFormatException(Reason.Of("AnnotationFile.Empty"));

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(span, new JsonDocumentOptions { MaxDepth = 4096 });
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var position = (ex.BytePositionInLine ?? 0) + 1;
            throw new AnnotationFormatException(Reason.Of("AnnotationFile.NotJson", line, position));
        }
        using (document)
        {
            return new Reader(maxAnnotations).Read(document.RootElement);
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream stream, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.TooLarge", Megabytes(maxBytes)));
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static double Megabytes(long bytes) => bytes / (1024.0 * 1024);

    /// <summary>
    /// Anchors <paramref name="annotations"/> onto <paramref name="text"/>: by position (code points, converted to UTF-16)
    /// when the quote is there, else by quote with prefix/suffix, else approximately (<see cref="TextAnchoring.Locate"/>).
    /// Annotations that cannot be placed with confidence, or whose source differs from <paramref name="expectedSource"/>
    /// (compared as normalised URLs, when both are known), are orphans with a reason.
    /// </summary>
    public static AnnotationImportResult Anchor(IReadOnlyList<ImportedAnnotation> annotations, string text, string? expectedSource)
    {
        ArgumentNullException.ThrowIfNull(annotations);
        ArgumentNullException.ThrowIfNull(text);
        var anchored = new List<AnchoredAnnotation>();
        var orphans = new List<OrphanAnnotation>();
        var warnings = new List<Reason>();
        var expected = SourceUrl.Normalize(expectedSource);
        int codePointLength = CodePoints.FromUtf16(text, text.Length);

        foreach (var a in annotations)
        {
            var source = SourceUrl.Normalize(a.Source);
            if (expected is not null && source is not null && !string.Equals(expected, source, StringComparison.Ordinal))
            {
                orphans.Add(new(a, Reason.Of("AnnotationFile.OtherSource", a.Source)));
                continue;
            }
            if (a.Exact.Length == 0)
            {
                orphans.Add(new(a, Reason.Of(a.Start is null ? "AnnotationFile.WholeDocument" : "AnnotationFile.PositionWithoutQuote")));
                continue;
            }

            bool outside = false;
            int? expectedStart = null;
            if (a.Start is int s && a.End is int e)
            {
                if (s > codePointLength || e > codePointLength || e < s) outside = true;
                else
                {
                    int s16 = CodePoints.ToUtf16(text, s);
                    expectedStart = s16;
                    // Hypothesis counts UTF-16 units (JavaScript string offsets), not code points: accept either where the quote is
                    if (!QuoteAt(text, s16, a.Exact) && s != s16 && QuoteAt(text, s, a.Exact)) expectedStart = s;
                }
            }

            var match = TextAnchoring.Locate(text, new TextQuote(a.Exact, a.Prefix, a.Suffix), expectedStart);
            if (match is null)
            {
                orphans.Add(new(a, outside
                    ? Reason.Of("AnnotationFile.OutsideAndMissing", a.Start, a.End, codePointLength, Short(a.Exact))
                    : Reason.Of("AnnotationFile.QuoteMissing", Short(a.Exact))));
                continue;
            }
            if (match.Method == AnchorMethod.Fuzzy && a.Exact.Length < MinFuzzyQuoteLength && a.Prefix.Length + a.Suffix.Length == 0)
            {
                // a few words without context resemble many other few words: "hated it" is not "gave it"
                orphans.Add(new(a, Reason.Of("AnnotationFile.QuoteMissingLoose", Short(a.Exact))));
                continue;
            }
            if (match.Method == AnchorMethod.Fuzzy)
                warnings.Add(Reason.Of("AnnotationFile.Approximate", Short(a.Exact), match.Confidence));
            anchored.Add(new(a, match));
        }
        return new AnnotationImportResult(anchored, orphans, warnings);
    }

    /// <summary>Below this length (UTF-16 units) a quote without prefix or suffix is only anchored exactly.</summary>
    private const int MinFuzzyQuoteLength = 40;

    private static bool QuoteAt(string text, int start, string exact) =>
        start >= 0 && start + exact.Length <= text.Length && text.AsSpan(start, exact.Length).SequenceEqual(exact);

    private static string Short(string text) => text.Length <= 60 ? text : text[..(char.IsHighSurrogate(text[56]) ? 56 : 57)] + "…";

    /// <summary>One pass over a parsed file.</summary>
    private sealed class Reader(int maxAnnotations)
    {
        private readonly List<ImportedAnnotation> _result = [];

        public IReadOnlyList<ImportedAnnotation> Read(JsonElement root)
        {
            if (root.ValueKind == JsonValueKind.Array)
            {
                ReadArray(root, contextFromParent: false);
                return _result;
            }
            if (root.ValueKind != JsonValueKind.Object)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.NotAnnotations"));

            if (root.TryGetProperty("rows", out var rows) && rows.ValueKind == JsonValueKind.Array && !HasContext(root))
            {
                ReadHypothesis(rows.EnumerateArray());
                return _result;
            }
            if (root.TryGetProperty("annotations", out var exported) && exported.ValueKind == JsonValueKind.Array && !HasContext(root))
            {
                ReadArray(exported, contextFromParent: false);
                return _result;
            }

            var types = Types(root);
            if (types.Contains("AnnotationCollection"))
            {
                RequireContext(root, Reason.Of("AnnotationFile.Part.Collection"));
                ReadCollection(root);
            }
            else if (types.Contains("AnnotationPage"))
            {
                RequireContext(root, Reason.Of("AnnotationFile.Part.Page"));
                ReadPages(root);
            }
            else if (types.Contains("Annotation"))
            {
                RequireContext(root, Reason.Of("AnnotationFile.Part.Annotation"));
                Add(ReadW3C(root, 1));
            }
            else if (IsHypothesisShaped(root))
            {
                ReadHypothesis([root]);
            }
            else if (HasContext(root))
            {
                RequireContext(root, Reason.Of("AnnotationFile.Part.Document"));
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.ContextWithoutAnnotations"));
            }
            else
            {
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.NoContext", AnnoContext));
            }
            return _result;
        }

        private void ReadArray(JsonElement array, bool contextFromParent)
        {
            var hypothesis = new List<JsonElement>();
            int index = 0;
            foreach (var item in array.EnumerateArray())
            {
                index++;
                if (item.ValueKind != JsonValueKind.Object)
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.ItemNotAnnotation", index, Describe(item.ValueKind)));
                if (!HasContext(item) && !Types(item).Contains("Annotation") && IsHypothesisShaped(item))
                {
                    hypothesis.Add(item);
                    continue;
                }
                if (!contextFromParent) RequireContext(item, Reason.Of("AnnotationFile.Part.Numbered", index));
                else if (HasContext(item)) RequireContext(item, Reason.Of("AnnotationFile.Part.Numbered", index));
                Add(ReadW3C(item, _result.Count + 1));
            }
            if (hypothesis.Count > 0) ReadHypothesis(hypothesis);
        }

        private void ReadCollection(JsonElement collection)
        {
            if (collection.TryGetProperty("items", out var items) && items.ValueKind == JsonValueKind.Array) ReadArray(items, contextFromParent: true);
            if (!collection.TryGetProperty("first", out var first)) return;
            if (first.ValueKind == JsonValueKind.String)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.FirstPageLink", first.GetString()));
            if (first.ValueKind != JsonValueKind.Object)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.FirstPageNeither"));
            ReadPages(first);
        }

        private void ReadPages(JsonElement page)
        {
            // pages chain through "next"; walk them iteratively so thousands of pages cost no stack
            var current = page;
            int number = 1;
            while (true)
            {
                if (!current.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.PageWithoutItems", number));
                ReadArray(items, contextFromParent: true);
                if (!current.TryGetProperty("next", out var next)) break;
                if (next.ValueKind == JsonValueKind.String)
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.PartOfCollection", number + 1, next.GetString()));
                if (next.ValueKind != JsonValueKind.Object) break;
                current = next;
                number++;
            }
        }

        private void Add(ImportedAnnotation annotation)
        {
            if (_result.Count >= maxAnnotations)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.TooMany", maxAnnotations));
            _result.Add(annotation);
        }

        private static ImportedAnnotation ReadW3C(JsonElement a, int number)
        {
            var id = Str(a, "id") ?? Str(a, "@id");
            var what = What(number, id);
            if (!a.TryGetProperty("target", out var target) || target.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.NoTarget", what));
            var (source, quote, start, end) = ReadTarget(target, what);

            string? verdict = null, conclusion = null;
            var evidence = new List<ImportedEvidence>();
            var notes = new List<ImportedNote>();
            var tags = new List<string>();
            var motivation = FirstString(a, "motivation");
            foreach (var body in Items(a, "body"))
                ReadBody(body, motivation, ref verdict, ref conclusion, evidence, notes, tags);
            if (Str(a, "bodyValue") is { Length: > 0 } bodyValue)
                notes.Add(new ImportedNote(CreatorName(a), Date(a, "created"), bodyValue));

            return new ImportedAnnotation(id, source, quote?.Exact ?? "", quote?.Prefix ?? "", quote?.Suffix ?? "", start, end,
                verdict, conclusion, evidence, notes, tags);
        }

        private static void ReadBody(JsonElement body, string? motivation, ref string? verdict, ref string? conclusion,
            List<ImportedEvidence> evidence, List<ImportedNote> notes, List<string> tags)
        {
            if (body.ValueKind == JsonValueKind.String)
            {
                // a bare IRI body is a resource the annotation points at
                if (Uri.TryCreate(body.GetString(), UriKind.Absolute, out var uri)) evidence.Add(new ImportedEvidence(uri.AbsoluteUri, null, null, "context"));
                return;
            }
            if (body.ValueKind != JsonValueKind.Object) return;
            var types = Types(body);
            if (types.Contains("Choice"))
            {
                // a Choice offers alternatives of one body: the first is the default
                foreach (var item in Items(body, "items"))
                {
                    ReadBody(item, motivation, ref verdict, ref conclusion, evidence, notes, tags);
                    break;
                }
                return;
            }
            var purpose = FirstString(body, "purpose") ?? motivation ?? "commenting";
            var value = Str(body, "value") ?? Str(body, "chars");
            bool textual = types.Contains("TextualBody") || (value is not null && !body.TryGetProperty("source", out _));
            switch (purpose)
            {
                case "assessing" when textual:
                    if (verdict is null && !string.IsNullOrWhiteSpace(value)) verdict = value.Trim();
                    else if (verdict is null && Str(body, "id") is { } verdictId) verdict = LastSegment(verdictId);
                    return;
                case "tagging" or "classifying" when textual:
                    if (!string.IsNullOrWhiteSpace(value)) tags.Add(value.Trim());
                    return;
                case "linking":
                    if (textual)
                    {
                        if (!string.IsNullOrWhiteSpace(value))
                            evidence.Add(new ImportedEvidence(null, value.Trim(), Extension(body, "excerpt"), Stance(Extension(body, "stance"))));
                        return;
                    }
                    evidence.Add(ReadLinkedResource(body));
                    return;
                default:
                    if (!textual)
                    {
                        if (body.TryGetProperty("source", out _) || Str(body, "id") is not null) evidence.Add(ReadLinkedResource(body));
                        return;
                    }
                    if (string.IsNullOrWhiteSpace(value)) return;
                    // FactDesk marks its conclusion by id; any other comment is a note
                    if (conclusion is null && (Extension(body, "role") == "conclusion"
                        || (Str(body, "id") is { } bodyId && bodyId.EndsWith("#conclusion", StringComparison.Ordinal))))
                        conclusion = value;
                    else
                        notes.Add(new ImportedNote(CreatorName(body), Date(body, "created") ?? Date(body, "modified"), value));
                    return;
            }
        }

        private static ImportedEvidence ReadLinkedResource(JsonElement body)
        {
            string? url = null;
            if (body.TryGetProperty("source", out var source))
                url = source.ValueKind == JsonValueKind.String ? source.GetString() : source.ValueKind == JsonValueKind.Object ? Str(source, "id") : null;
            url ??= Str(body, "id");
            string? excerpt = null;
            foreach (var selector in Items(body, "selector"))
            {
                if (Types(selector).Contains("TextQuoteSelector")) { excerpt = Str(selector, "exact"); break; }
            }
            excerpt ??= Extension(body, "excerpt");
            var description = Extension(body, "description") ?? Str(body, "label") ?? Str(body, "title");
            return new ImportedEvidence(url, description, excerpt, Stance(Extension(body, "stance")));
        }

        private static (string? Source, TextQuote? Quote, int? Start, int? End) ReadTarget(JsonElement target, Reason what)
        {
            if (target.ValueKind == JsonValueKind.String) return (target.GetString(), null, null, null);
            JsonElement chosen = default;
            if (target.ValueKind == JsonValueKind.Array)
            {
                // several targets: the one with a selector is the passage; FactDesk anchors one passage per annotation
                foreach (var t in target.EnumerateArray())
                {
                    if (chosen.ValueKind == JsonValueKind.Undefined) chosen = t;
                    if (t.ValueKind == JsonValueKind.Object && t.TryGetProperty("selector", out _)) { chosen = t; break; }
                }
                if (chosen.ValueKind == JsonValueKind.Undefined)
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.EmptyTargetList", what));
                if (chosen.ValueKind == JsonValueKind.String) return (chosen.GetString(), null, null, null);
            }
            else chosen = target;
            if (chosen.ValueKind != JsonValueKind.Object)
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.TargetNeither", what));

            string? source = null;
            if (chosen.TryGetProperty("source", out var s))
                source = s.ValueKind == JsonValueKind.String ? s.GetString() : s.ValueKind == JsonValueKind.Object ? Str(s, "id") : null;
            source ??= Str(chosen, "id");

            TextQuote? quote = null;
            int? start = null, end = null;
            foreach (var selector in Items(chosen, "selector"))
                ReadSelector(selector, what, ref quote, ref start, ref end);
            return (source, quote, start, end);
        }

        private static void ReadSelector(JsonElement selector, Reason what, ref TextQuote? quote, ref int? start, ref int? end)
        {
            if (selector.ValueKind != JsonValueKind.Object) return;
            var types = Types(selector);
            if (types.Contains("TextQuoteSelector") && quote is null)
            {
                var exact = Str(selector, "exact");
                if (string.IsNullOrEmpty(exact))
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.QuoteWithoutExact", what));
                quote = new TextQuote(exact, Str(selector, "prefix") ?? "", Str(selector, "suffix") ?? "");
            }
            else if (types.Contains("TextPositionSelector") && start is null)
            {
                if (!selector.TryGetProperty("start", out var s) || !selector.TryGetProperty("end", out var e)
                    // TryGetInt32 throws on a value that is not a number ("a", {}): check the kind first.
                    || s.ValueKind != JsonValueKind.Number || e.ValueKind != JsonValueKind.Number
                    || !s.TryGetInt32(out var si) || !e.TryGetInt32(out var ei) || si < 0 || ei < 0)
                    throw new AnnotationFormatException(Reason.Of("AnnotationFile.PositionNotNumbers", what));
                start = si;
                end = ei;
            }
            // a RangeSelector (Hypothesis: DOM ranges) or other selector may refine to a text selector
            foreach (var refined in Items(selector, "refinedBy"))
                ReadSelector(refined, what, ref quote, ref start, ref end);
        }

        private void ReadHypothesis(IEnumerable<JsonElement> rows)
        {
            var list = rows.ToList();
            var byId = new Dictionary<string, List<ImportedNote>>(StringComparer.Ordinal);
            var replies = new List<(string Root, ImportedNote Note)>();
            int number = _result.Count;
            foreach (var row in list)
            {
                number++;
                if (row.ValueKind != JsonValueKind.Object) continue;
                var references = Items(row, "references").Where(r => r.ValueKind == JsonValueKind.String).Select(r => r.GetString()!).ToList();
                var text = Str(row, "text");
                var author = HypothesisAuthor(row);
                var created = Date(row, "created") ?? Date(row, "updated");
                if (references.Count > 0)
                {
                    // a reply belongs to its thread, whose first reference is the annotation on the text
                    if (!string.IsNullOrWhiteSpace(text)) replies.Add((references[0], new ImportedNote(author, created, text)));
                    continue;
                }
                var id = Str(row, "id");
                var what = What(number, id);
                (string? Source, TextQuote? Quote, int? Start, int? End) target = row.TryGetProperty("target", out var t)
                    ? ReadTarget(t, what)
                    : (null, null, null, null);
                var notes = new List<ImportedNote>();
                if (!string.IsNullOrWhiteSpace(text)) notes.Add(new ImportedNote(author, created, text));
                var tags = Items(row, "tags").Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).ToList();
                Add(new ImportedAnnotation(id, target.Source ?? Str(row, "uri"), target.Quote?.Exact ?? "", target.Quote?.Prefix ?? "",
                    target.Quote?.Suffix ?? "", target.Start, target.End, null, null, [], notes, tags));
                if (id is not null) byId[id] = notes;
            }
            // replies to annotations that are not in the file have nothing to hang on and are left out
            foreach (var (root, note) in replies)
                if (byId.TryGetValue(root, out var notes)) notes.Add(note);
        }

        private static string? HypothesisAuthor(JsonElement row)
        {
            if (row.TryGetProperty("user_info", out var info) && info.ValueKind == JsonValueKind.Object && Str(info, "display_name") is { Length: > 0 } display)
                return display;
            var user = Str(row, "user");
            // acct:alice@hypothes.is
            if (user is not null && user.StartsWith("acct:", StringComparison.Ordinal))
            {
                var at = user.IndexOf('@');
                return at > 5 ? user[5..at] : user[5..];
            }
            return user;
        }

        private static bool IsHypothesisShaped(JsonElement e) =>
            e.TryGetProperty("uri", out _) && (e.TryGetProperty("target", out var t) && t.ValueKind == JsonValueKind.Array
                || e.TryGetProperty("user", out _) || e.TryGetProperty("references", out _));

        private static bool HasContext(JsonElement e) => e.TryGetProperty("@context", out _);

        private static void RequireContext(JsonElement e, Reason what)
        {
            if (!e.TryGetProperty("@context", out var context))
                throw new AnnotationFormatException(Reason.Of("AnnotationFile.PartWithoutContext", what, AnnoContext));
            var values = (context.ValueKind == JsonValueKind.Array ? context.EnumerateArray().ToList() : [context])
                .Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
            // the https spelling is the same document; rejecting it would only punish a tool for being careful
            if (values.Any(v => v is AnnoContext or "https://www.w3.org/ns/anno.jsonld")) return;
            object named = values.Count > 0 ? string.Join(", ", values) : Reason.Of("AnnotationFile.InlineContextOnly");
            object hint = values.Any(v => v.Contains("schema.org", StringComparison.OrdinalIgnoreCase))
                ? Reason.Of("AnnotationFile.Hint.SchemaOrg")
                : values.Any(v => v.Contains("/ns/oa", StringComparison.OrdinalIgnoreCase))
                    ? Reason.Of("AnnotationFile.Hint.OpenAnnotation")
                    : "";
            throw new AnnotationFormatException(Reason.Of("AnnotationFile.WrongContext", what, named, AnnoContext, hint));
        }

        private static HashSet<string> Types(JsonElement e)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in (ReadOnlySpan<string>)["type", "@type"])
            {
                if (!e.TryGetProperty(name, out var t)) continue;
                if (t.ValueKind == JsonValueKind.String) set.Add(Local(t.GetString()!));
                else if (t.ValueKind == JsonValueKind.Array)
                    foreach (var x in t.EnumerateArray())
                        if (x.ValueKind == JsonValueKind.String) set.Add(Local(x.GetString()!));
            }
            return set;
        }

        // "oa:Annotation" and "http://www.w3.org/ns/oa#Annotation" are the same type as "Annotation"
        private static string Local(string type)
        {
            int i = Math.Max(type.LastIndexOf('#'), type.LastIndexOf(':'));
            return i >= 0 && i < type.Length - 1 ? type[(i + 1)..] : type;
        }

        private static IEnumerable<JsonElement> Items(JsonElement e, string name)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var v)) return [];
            return v.ValueKind == JsonValueKind.Array ? v.EnumerateArray() : v.ValueKind == JsonValueKind.Null ? [] : [v];
        }

        private static string? Str(JsonElement e, string name) =>
            e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        private static string? FirstString(JsonElement e, string name) =>
            Items(e, name).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()).FirstOrDefault();

        /// <summary>An extension property by its local name, whatever prefix the file gave it (<c>fd:stance</c>, <c>stance</c>).</summary>
        private static string? Extension(JsonElement e, string localName)
        {
            foreach (var p in e.EnumerateObject())
            {
                var name = p.Name;
                int colon = name.LastIndexOfAny([':', '#', '/']);
                var local = colon >= 0 ? name[(colon + 1)..] : name;
                if (string.Equals(local, localName, StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
                    return p.Value.GetString();
            }
            return null;
        }

        private static string Stance(string? value) => value?.Trim().ToLowerInvariant() switch
        {
            "supports" or "support" or "supporting" => "supports",
            "contradicts" or "contradict" or "contradicting" or "refutes" => "contradicts",
            _ => "context",
        };

        private static string? CreatorName(JsonElement e)
        {
            foreach (var c in Items(e, "creator"))
            {
                if (c.ValueKind == JsonValueKind.String) return c.GetString();
                if (c.ValueKind == JsonValueKind.Object) return Str(c, "name") ?? Str(c, "nickname") ?? Str(c, "id");
            }
            return null;
        }

        private static DateTimeOffset? Date(JsonElement e, string name) =>
            Str(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;

        private static string LastSegment(string iri)
        {
            var trimmed = iri.TrimEnd('/');
            int i = trimmed.LastIndexOfAny(['/', '#']);
            return Uri.UnescapeDataString(i >= 0 ? trimmed[(i + 1)..] : trimmed);
        }

        private static Reason Describe(JsonValueKind kind) => Reason.Of("AnnotationFile.Kind." + kind switch
        {
            JsonValueKind.String => "Text",
            JsonValueKind.Number => "Number",
            JsonValueKind.Array => "List",
            JsonValueKind.True or JsonValueKind.False => "Boolean",
            JsonValueKind.Null => "Null",
            _ => "Value",
        });

        /// <summary>"Annotation 3" or "Annotation 3 (its id)", as a phrase the Web layer words.</summary>
        private static Reason What(int number, string? id) =>
            id is null ? Reason.Of("AnnotationFile.What", number) : Reason.Of("AnnotationFile.WhatWithId", number, id);
    }
}
