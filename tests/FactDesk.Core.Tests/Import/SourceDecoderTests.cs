using System.Text;
using FactDesk.Core.Import;
using FactDesk.Core.Text;

namespace FactDesk.Core.Tests.Import;

public class SourceDecoderTests
{
    [Fact]
    public void Decode_PngNamedTxt_ThrowsMentioningBinary()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
        var ex = Assert.Throws<ImportException>(() => SourceDecoder.Decode(png, "article.txt", null));
        Assert.Equal(Reason.Of("Import.BinaryKind", Reason.Of("Import.TheFileNamed", "article.txt"), Reason.Of("FileKind.Png")), ex.Reason);
    }

    [Fact]
    public void Decode_ZipWithoutName_ThrowsMentioningBinary()
    {
        var zip = new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00 }.Concat(Enumerable.Repeat((byte)1, 200)).ToArray();
        var ex = Assert.Throws<ImportException>(() => SourceDecoder.Decode(zip, null, "text/plain"));
        Assert.Equal(Reason.Of("Import.BinaryKind", Reason.Of("Import.TheFile"), Reason.Of("FileKind.Zip")), ex.Reason);
    }

    [Fact]
    public void Decode_ManyControlCharacters_ThrowsMentioningBinary()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 3 == 0 ? 0x02 : 'a')).ToArray();
        Assert.Equal("Import.Binary", Assert.Throws<ImportException>(() => SourceDecoder.Decode(bytes, "x.txt", null)).Reason?.Code);
    }

    [Fact]
    public void Decode_InvalidUtf8_ThrowsWithByteOffset()
    {
        var bytes = Encoding.UTF8.GetBytes("Hello world, ").Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes(" more text")).ToArray();
        var ex = Assert.Throws<ImportException>(() => SourceDecoder.Decode(bytes, "a.txt", null));
        Assert.Equal(Reason.Of("Import.NotUtf8", 13), ex.Reason);
    }

    [Fact]
    public void Decode_EmptyFile_Throws()
    {
        Assert.Equal(Reason.Of("Import.FileEmpty"), Assert.Throws<ImportException>(() => SourceDecoder.Decode([], "a.txt", null)).Reason);
        Assert.Equal(Reason.Of("Import.FileBlank"), Assert.Throws<ImportException>(() => SourceDecoder.Decode("  \n\n"u8, "a.txt", null)).Reason);
    }

    [Theory]
    [InlineData("report.pdf", ".pdf")]
    [InlineData("notes.docx", ".docx")]
    public void Decode_UnsupportedExtension_ThrowsNamingIt(string fileName, string extension)
    {
        var ex = Assert.Throws<ImportException>(() => SourceDecoder.Decode("text"u8, fileName, null));
        Assert.Equal(Reason.Of("Import.FileType", extension), ex.Reason);
    }

    [Fact]
    public void Decode_Utf16LittleEndianBom_Decodes()
    {
        var bytes = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Київ said: 👍🏽 ok")).ToArray();
        var decoded = SourceDecoder.Decode(bytes, "a.txt", null);
        Assert.Equal("Київ said: 👍🏽 ok", decoded.Text);
        Assert.Equal(SourceFormat.PlainText, decoded.Format);
    }

    [Fact]
    public void Decode_Utf8Bom_IsStripped()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("Привіт")).ToArray();
        Assert.Equal("Привіт", SourceDecoder.Decode(bytes, "a.md", null).Text);
    }

    [Fact]
    public void Decode_Windows1251MetaCharset_Decodes()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var html = "<html><head><meta charset=\"windows-1251\"><title>Новини</title></head><body><p>Уряд ухвалив рішення.</p></body></html>";
        var bytes = Encoding.GetEncoding(1251).GetBytes(html);

        var decoded = SourceDecoder.Decode(bytes, "page.html", null);

        Assert.Equal(SourceFormat.Html, decoded.Format);
        Assert.Contains("Уряд ухвалив рішення.", decoded.Text);
    }

    [Fact]
    public void Decode_CharsetFromContentType_WinsOverDefault()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var bytes = Encoding.GetEncoding(1251).GetBytes("Уряд ухвалив рішення.");
        var decoded = SourceDecoder.Decode(bytes, null, "text/plain; charset=windows-1251");
        Assert.Equal("Уряд ухвалив рішення.", decoded.Text);
    }

    [Theory]
    [InlineData("a.html", null, "<p>x</p>", SourceFormat.Html)]
    [InlineData("a.htm", null, "plain words", SourceFormat.Html)]
    [InlineData("a.markdown", null, "words", SourceFormat.Markdown)]
    [InlineData(null, "text/html; charset=utf-8", "words", SourceFormat.Html)]
    [InlineData(null, "text/markdown", "words", SourceFormat.Markdown)]
    [InlineData(null, null, "<!DOCTYPE html><html><body>x</body></html>", SourceFormat.Html)]
    [InlineData(null, null, "# Title\n\nSome **bold** text and [a link](https://x.org).", SourceFormat.Markdown)]
    [InlineData(null, null, "Just a plain sentence. And another one.", SourceFormat.PlainText)]
    public void Decode_Format_FromExtensionContentTypeOrSniffing(string? fileName, string? contentType, string text, SourceFormat expected)
    {
        Assert.Equal(expected, SourceDecoder.Decode(Encoding.UTF8.GetBytes(text), fileName, contentType).Format);
    }
}
