using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactDesk.Web.Data;

/// <summary>A check-worthiness model the desk trained on its own labels, uploaded by an Editor; at most one is in use.</summary>
public sealed class DeskClaimModel
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>What the training command wrote into the model: data, settings, cross-validated figures.</summary>
    public string Description { get; set; } = "";
    /// <summary>The model file as <c>train-claims</c> wrote it.</summary>
    public byte[] Bytes { get; set; } = [];
    public DateTimeOffset UploadedAt { get; set; }
    public string UploadedById { get; set; } = "";
    /// <summary>The desk scores with this model; none in use means the shipped one.</summary>
    public bool InUse { get; set; }
}

internal sealed class DeskClaimModelConfiguration : IEntityTypeConfiguration<DeskClaimModel>
{
    public void Configure(EntityTypeBuilder<DeskClaimModel> b)
    {
        b.ToTable("DeskClaimModels");
        b.Property(m => m.Name).HasMaxLength(200);
        b.Property(m => m.Description).HasMaxLength(4000);
        b.Property(m => m.UploadedById).HasMaxLength(450);
        b.HasIndex(m => m.InUse);
    }
}
