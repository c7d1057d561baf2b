using FactDesk.Core.Matching;

namespace FactDesk.Core.Tests.Matching;

public sealed class ModelTextTests
{
    [Theory]
    [InlineData("Trump’s “crimes” can’t wait", "Trump ’ s “ crimes ” can ’ t wait")]
    [InlineData("café\nrésumé\tnaïve", "cafe resume naive")]
    [InlineData("cost $4.2m—twice", "cost $ 4 . 2m — twice")]
    [InlineData("東京で地震", "東 京 で 地 震")]
    [InlineData("a\u200Bb\u0007c", "abc")]
    public void Prepare_Text_SplitsPunctuationStripsAccentsAndControls(string text, string expected)
    {
        Assert.Equal(expected, ModelText.Prepare(text));
    }

    [Fact]
    public void Embed_CurlyAndStraightApostrophes_GiveTheSameVector()
    {
        using var model = new MiniLmEmbedder();

        var v = model.Embed(["The mayor’s plan can’t pass", "The mayor's plan can't pass"], CancellationToken.None);

        var cosine = v[0].Zip(v[1], (a, b) => a * b).Sum();
        Assert.True(cosine > 0.97, $"cosine {cosine}");
    }
}
