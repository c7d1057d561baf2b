namespace FactDesk.Web.Kernel;

public sealed record RemovedBlock(int Index, string Text, string Reason, string? Explanation);
