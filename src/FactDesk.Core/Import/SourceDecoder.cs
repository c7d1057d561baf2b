using System.Buffers;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using FactDesk.Core.Text;

namespace FactDesk.Core.Import;

/// <summary>Decodes uploaded or fetched bytes into text and tells which format it is.</summary>
public static partial class SourceDecoder
{
    private const int SniffLength = 8192;

    static SourceDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [GeneratedRegex(@"<meta[^>]+charset\s*=\s*[""']?\s*([\w:.-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex(@"charset\s*=\s*[""']?([\w:.-]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ContentTypeCharset();

    [GeneratedRegex(@"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<!--)|<(?:p|div|article|br|h1|title)[\s>/]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeHtml();

    [GeneratedRegex(@"^(?:#{1,6}\s+\S|\s{0,3}(?:[-*+]|\d+\.)\s+\S.*$|```)|\[[^\]]+\]\([^)\s]+\)|\*\*[^*]+\*\*", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LooksLikeMarkdown();

    /// <summary>
    /// Decodes bytes: a BOM wins, then the charset of <paramref name="contentType"/> or an HTML meta charset, else strict UTF-8.
    /// The format comes from the file extension (.txt .html .htm .md .markdown), else the content type, else sniffing.
    /// </summary>
    /// <param name="bytes">The uploaded or fetched bytes.</param>
    /// <param name="fileName">The uploaded file's name, if any.</param>
    /// <param name="contentType">The HTTP or upload content type, if any.</param>
    /// <exception cref="ImportException">
    /// The file is empty, binary (an image or archive), not valid UTF-8 (with the byte offset), or of an unsupported type.
    /// </exception>
    public static DecodedSource Decode(ReadOnlySpan<byte> bytes, string? fileName, string? contentType)
    {
        var format = FormatFromFileName(fileName) ?? FormatFromContentType(contentType);
        if (bytes.IsEmpty) throw new ImportException(Reason.Of("Import.FileEmpty"));

        string text;
        if (TryBom(bytes, out var bomEncoding, out var bomLength))
        {
            text = DecodeWith(bomEncoding, bytes[bomLength..]);
        }
        else
        {
            RejectBinary(bytes, fileName);
            var charset = CharsetFromContentType(contentType);
            if (charset is null && format is null or SourceFormat.Html)
            {
                var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 2048)]);
                var m = MetaCharset().Match(head);
                if (m.Success) charset = m.Groups[1].Value;
            }
            var encoding = ResolveCharset(charset);
            text = encoding is null or UTF8Encoding ? DecodeUtf8Strict(bytes) : DecodeWith(encoding, bytes);
        }

        if (string.IsNullOrWhiteSpace(text)) throw new ImportException(Reason.Of("Import.FileBlank"));
        return new DecodedSource(text, format ?? Sniff(text));
    }

    private static SourceFormat? FormatFromFileName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName)) return null;
        var ext = Path.GetExtension(fileName).ToLowerInvariant();
        return ext switch
        {
            "" => null,
            ".txt" or ".text" => SourceFormat.PlainText,
            ".html" or ".htm" or ".xhtml" => SourceFormat.Html,
            ".md" or ".markdown" => SourceFormat.Markdown,
            _ => throw new ImportException(Reason.Of("Import.FileType", ext)),
        };
    }

    private static SourceFormat? FormatFromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        return media switch
        {
            "text/html" or "application/xhtml+xml" => SourceFormat.Html,
            "text/markdown" or "text/x-markdown" => SourceFormat.Markdown,
            "text/plain" => SourceFormat.PlainText,
            _ => null,
        };
    }

    private static SourceFormat Sniff(string text)
    {
        var head = text.Length > SniffLength ? text[..SniffLength] : text;
        if (LooksLikeHtml().IsMatch(head)) return SourceFormat.Html;
        return LooksLikeMarkdown().Count(head) >= 2 ? SourceFormat.Markdown : SourceFormat.PlainText;
    }

    private static bool TryBom(ReadOnlySpan<byte> b, out Encoding encoding, out int length)
    {
        (encoding, length) = b switch
        {
            [0xEF, 0xBB, 0xBF, ..] => ((Encoding)new UTF8Encoding(false, true), 3),
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(false, false, true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, false, true), 4),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, false, true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, false, true), 2),
            _ => (Encoding.UTF8, 0),
        };
        return length > 0;
    }

    private static void RejectBinary(ReadOnlySpan<byte> bytes, string? fileName)
    {
        Reason? kind = bytes switch
        {
            [0x89, (byte)'P', (byte)'N', (byte)'G', ..] => Reason.Of("FileKind.Png"),
            [0xFF, 0xD8, 0xFF, ..] => Reason.Of("FileKind.Jpeg"),
            [(byte)'G', (byte)'I', (byte)'F', (byte)'8', ..] => Reason.Of("FileKind.Gif"),
            [(byte)'P', (byte)'K', 0x03, 0x04, ..] => Reason.Of("FileKind.Zip"),
            [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => Reason.Of("FileKind.Pdf"),
            [0x1F, 0x8B, ..] => Reason.Of("FileKind.Gzip"),
            [(byte)'R', (byte)'I', (byte)'F', (byte)'F', ..] => Reason.Of("FileKind.Media"),
            _ => null,
        };
        var sample = bytes[..Math.Min(bytes.Length, SniffLength)];
        int control = 0;
        bool nul = false;
        foreach (var b in sample)
        {
            if (b == 0) { nul = true; break; }
            if (b < 0x20 && b is not ((byte)'\n' or (byte)'\r' or (byte)'\t' or 0x0C or 0x1B)) control++;
        }
        if (kind is null && !nul && control * 20 <= sample.Length) return;
        var name = string.IsNullOrWhiteSpace(fileName) ? Reason.Of("Import.TheFile") : Reason.Of("Import.TheFileNamed", Path.GetFileName(fileName));
        throw new ImportException(kind is null ? Reason.Of("Import.Binary", name) : Reason.Of("Import.BinaryKind", name, kind));
    }

    private static string? CharsetFromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        var m = ContentTypeCharset().Match(contentType);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static Encoding? ResolveCharset(string? charset)
    {
        if (charset is null) return null;
        try
        {
            var e = Encoding.GetEncoding(charset.Trim());
            return e.CodePage == Encoding.UTF8.CodePage ? null : e;
        }
        catch (ArgumentException)
        {
            throw new ImportException(Reason.Of("Import.UnknownCharset", charset));
        }
    }

    private static string DecodeWith(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        try
        {
            return encoding.GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new ImportException(Reason.Of("Import.BadBytes", encoding.WebName, ex.Index));
        }
    }

    private static string DecodeUtf8Strict(ReadOnlySpan<byte> bytes)
    {
        var chars = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            var status = Utf8.ToUtf16(bytes, chars, out int read, out int written, replaceInvalidSequences: false);
            if (status == OperationStatus.InvalidData || status == OperationStatus.NeedMoreData)
                throw new ImportException(Reason.Of("Import.NotUtf8", read));
            return new string(chars, 0, written);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
