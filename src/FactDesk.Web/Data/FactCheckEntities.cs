using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactDesk.Web.Data;

/// <summary>A named set of published fact-checks an Editor imported (a publisher's feed, an archive).</summary>
public sealed class FactCheckCollection
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastImportAt { get; set; }
    public string? LastImportById { get; set; }
}

/// <summary>One published fact-check (ClaimReview) in a collection; unique by URL within its collection.</summary>
public sealed class FactCheck
{
    public long Id { get; set; }
    public int CollectionId { get; set; }
    public string Url { get; set; } = "";
    public string ClaimReviewed { get; set; } = "";
    public string? Headline { get; set; }
    public string? Rating { get; set; }
    public string? Publisher { get; set; }
    public DateTimeOffset? DatePublished { get; set; }
    public string? Language { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    /// <summary>The quantised sentence embedding (scale then 384 signed bytes); null until the indexer has computed it.</summary>
    public byte[]? Embedding { get; set; }
    /// <summary>Increases each time the embedding is (re)computed: every instance follows it to update its own index.</summary>
    public long IndexStamp { get; set; }
}

/// <summary>A lease row: the instance whose name is in <see cref="Holder"/> does the named work until <see cref="ExpiresAt"/>.</summary>
public sealed class WorkLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

public enum MatchAction { Linked, Confirmed, Dismissed }

/// <summary>A reviewer's judgement on a match: linked as evidence, confirmed as the same claim, or dismissed.</summary>
public sealed class MatchLabel
{
    public long Id { get; set; }
    public int ClaimId { get; set; }
    /// <summary>The match's URL (a fact-check's, or a desk claim's link).</summary>
    public string Url { get; set; } = "";
    public string Kind { get; set; } = "";
    public double Score { get; set; }
    public MatchAction Action { get; set; }
    public string UserId { get; set; } = "";
    public DateTimeOffset At { get; set; }
}

internal sealed class FactCheckCollectionConfiguration : IEntityTypeConfiguration<FactCheckCollection>
{
    public void Configure(EntityTypeBuilder<FactCheckCollection> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.LastImportById).HasMaxLength(64);
        b.HasIndex(c => c.Name).IsUnique();
    }
}

internal sealed class FactCheckConfiguration : IEntityTypeConfiguration<FactCheck>
{
    public void Configure(EntityTypeBuilder<FactCheck> b)
    {
        b.Property(f => f.Url).HasMaxLength(2048);
        b.Property(f => f.ClaimReviewed).HasMaxLength(2000);
        b.Property(f => f.Headline).HasMaxLength(500);
        b.Property(f => f.Rating).HasMaxLength(100);
        b.Property(f => f.Publisher).HasMaxLength(200);
        b.Property(f => f.Language).HasMaxLength(35);
        b.HasIndex(f => new { f.CollectionId, f.Url }).IsUnique();
        b.HasIndex(f => f.IndexStamp);
        b.HasOne<FactCheckCollection>().WithMany().HasForeignKey(f => f.CollectionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class WorkLeaseConfiguration : IEntityTypeConfiguration<WorkLease>
{
    public void Configure(EntityTypeBuilder<WorkLease> b)
    {
        b.HasKey(l => l.Name);
        b.Property(l => l.Name).HasMaxLength(64);
        b.Property(l => l.Holder).HasMaxLength(128);
    }
}

internal sealed class MatchLabelConfiguration : IEntityTypeConfiguration<MatchLabel>
{
    public void Configure(EntityTypeBuilder<MatchLabel> b)
    {
        b.Property(l => l.Url).HasMaxLength(2048);
        b.Property(l => l.Kind).HasMaxLength(16);
        b.Property(l => l.UserId).HasMaxLength(64);
        b.HasIndex(l => l.ClaimId);
        b.HasOne<Claim>().WithMany().HasForeignKey(l => l.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}
