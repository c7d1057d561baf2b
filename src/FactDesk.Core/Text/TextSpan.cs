namespace FactDesk.Core.Text;

/// <summary>A half-open range [<see cref="Start"/>, <see cref="End"/>) of UTF-16 offsets into a text.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    /// <summary>Number of UTF-16 units covered.</summary>
    public int Length => End - Start;

    /// <summary>True when the span lies inside a text of the given length and is not empty.</summary>
    public bool IsValidFor(int textLength) => Start >= 0 && End <= textLength && Start < End;

    /// <summary>The covered text.</summary>
    public string Slice(string text) => text.Substring(Start, Length);
}
