using System.Text;
using FactDesk.Core.Export;

namespace FactDesk.Core.Tests.Export;

public class CsvExportTests
{
    /// <summary>A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes, anything else is an error.</summary>
    private static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (i < csv.Length)
        {
            if (csv[i] == '"')
            {
                i++;
                while (true)
                {
                    Assert.True(i < csv.Length, "unterminated quoted field");
                    if (csv[i] == '"')
                    {
                        if (i + 1 < csv.Length && csv[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(csv[i++]);
                }
                Assert.True(i == csv.Length || csv[i] == ',' || csv[i] == '\r', $"text after a closing quote at {i}");
            }
            else
            {
                while (i < csv.Length && csv[i] != ',' && csv[i] != '\r')
                {
                    Assert.True(csv[i] != '"' && csv[i] != '\n', $"bare quote or LF in an unquoted field at {i}");
                    field.Append(csv[i++]);
                }
            }
            row.Add(field.ToString());
            field.Clear();
            if (i < csv.Length && csv[i] == ',') { i++; continue; }
            if (i < csv.Length)
            {
                Assert.True(i + 1 < csv.Length && csv[i + 1] == '\n', $"CR without LF at {i}");
                i += 2;
            }
            rows.Add(row);
            row = [];
        }
        return rows;
    }

    [Fact]
    public async Task WriteAsync_Csv_StartsWithUtf8ByteOrderMark()
    {
        var bytes = await ExportFixture.ExportBytesAsync(ExportFormat.Csv);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
    }

    [Fact]
    public async Task WriteAsync_Csv_ParsesBackStrictlyWithOneRowPerClaim()
    {
        var rows = Parse((await ExportFixture.ExportAsync(ExportFormat.Csv)).TrimStart('\uFEFF'));
        Assert.Equal(1 + ExportFixture.Claims().Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(rows[0].Count, r.Count));
        Assert.Equal("claim_text", rows[0][7]);
        var claim3 = rows.Single(r => r[4] == "3");
        Assert.Equal("Residents gave the plan a 👍🏽 in a poll, said Олена Коваль", claim3[7]);
        Assert.Equal("No poll was published, so \"the residents\" can't be counted,\nand the association did not reply.", claim3[14]);
        Assert.Equal("Unverifiable", claim3[13]);
    }

    [Fact]
    public async Task WriteAsync_Csv_NeutralisesFormulaCells()
    {
        var rows = Parse((await ExportFixture.ExportAsync(ExportFormat.Csv)).TrimStart('\uFEFF'));
        var claim2 = rows.Single(r => r[4] == "2");
        Assert.Equal("'-5% is how much traffic on the seafront fell last year", claim2[7]);
        Assert.Equal("'=SUM(A1)", claim2[14]);
        Assert.All(rows.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && "=+-@\t\r".Contains(cell[0]), $"unsafe cell: {cell}"));
    }

    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+44 20", "'+44 20")]
    [InlineData("@SUM(1)", "'@SUM(1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("\rx", "\"'\rx\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("plain", "plain")]
    [InlineData("", "")]
    public void Field_Value_QuotedAndNeutralised(string value, string expected) => Assert.Equal(expected, CsvExportWriter.Field(value));

    [Fact]
    public async Task WriteAsync_Csv_WithholdsRedactedSource()
    {
        var csv = await ExportFixture.ExportAsync(ExportFormat.Csv);
        Assert.Contains("(source withheld)", csv);
        Assert.DoesNotContain("whistle.example", csv);
        Assert.DoesNotContain("Leaked memo", csv);
    }

    [Fact]
    public async Task WriteAsync_Csv_OffsetsAreCodePoints()
    {
        var rows = Parse((await ExportFixture.ExportAsync(ExportFormat.Csv)).TrimStart('\uFEFF'));
        var claim4 = ExportFixture.Claims().Single(c => c.Id == 4);
        // the emoji with its skin tone is four UTF-16 units but two code points
        Assert.Equal((claim4.Start - 2).ToString(), rows.Single(r => r[4] == "4")[5]);
    }
}
