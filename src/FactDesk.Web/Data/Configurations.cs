using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FactDesk.Web.Data;

internal sealed class ArticleConfiguration : IEntityTypeConfiguration<Article>
{
    public void Configure(EntityTypeBuilder<Article> b)
    {
        b.Property(a => a.Title).HasMaxLength(500);
        b.Property(a => a.Outlet).HasMaxLength(200);
        b.Property(a => a.Author).HasMaxLength(300);
        b.Property(a => a.Url).HasMaxLength(2048);
        b.Property(a => a.FactCheckUrl).HasMaxLength(2048);
        b.Property(a => a.Language).HasMaxLength(16);
        b.Property(a => a.CreatedById).HasMaxLength(64);
        // Two writers on one article must not take the same Event number.
        b.Property(a => a.LastEventNumber).IsConcurrencyToken();
        b.HasIndex(a => a.CreatedAt);
        b.HasMany(a => a.Claims).WithOne(c => c.Article).HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(a => a.Sources).WithOne().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ClaimConfiguration : IEntityTypeConfiguration<Claim>
{
    public void Configure(EntityTypeBuilder<Claim> b)
    {
        b.Property(c => c.Version).IsConcurrencyToken();
        b.Property(c => c.Verdict).HasMaxLength(64);
        b.Property(c => c.Conclusion).HasMaxLength(1000);
        b.Property(c => c.Claimant).HasMaxLength(300);
        b.Property(c => c.Prefix).HasMaxLength(64);
        b.Property(c => c.Suffix).HasMaxLength(64);
        b.Ignore(c => c.ReasonList);
        b.HasIndex(c => new { c.ArticleId, c.Start });
        b.HasIndex(c => c.AssigneeId);
        b.HasOne(c => c.Assignee).WithMany().HasForeignKey(c => c.AssigneeId).OnDelete(DeleteBehavior.SetNull);
        b.HasMany(c => c.Evidence).WithOne().HasForeignKey(e => e.ClaimId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(c => c.Notes).WithOne().HasForeignKey(n => n.ClaimId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class EvidenceConfiguration : IEntityTypeConfiguration<Evidence>
{
    public void Configure(EntityTypeBuilder<Evidence> b)
    {
        b.Property(e => e.Url).HasMaxLength(2048);
        b.Property(e => e.Description).HasMaxLength(1000);
        b.Property(e => e.Excerpt).HasMaxLength(4000);
        b.HasOne(e => e.CreatedBy).WithMany().HasForeignKey(e => e.CreatedById).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> b)
    {
        b.Property(n => n.Body).HasMaxLength(4000);
        b.HasOne(n => n.Author).WithMany().HasForeignKey(n => n.AuthorId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Note>().WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ReviewEventConfiguration : IEntityTypeConfiguration<ReviewEvent>
{
    public void Configure(EntityTypeBuilder<ReviewEvent> b)
    {
        b.ToTable("Events");
        b.Property(e => e.Kind).HasMaxLength(48);
        b.Property(e => e.ActorName).HasMaxLength(256);
        b.HasIndex(e => new { e.ArticleId, e.Number }).IsUnique();
        b.HasIndex(e => new { e.ClaimId, e.Number });
        b.HasOne<Article>().WithMany().HasForeignKey(e => e.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ApiTokenConfiguration : IEntityTypeConfiguration<ApiToken>
{
    public void Configure(EntityTypeBuilder<ApiToken> b)
    {
        b.Property(t => t.Name).HasMaxLength(100);
        b.Property(t => t.Prefix).HasMaxLength(16);
        b.Property(t => t.Hash).HasMaxLength(64);
        b.HasIndex(t => t.Hash).IsUnique();
        b.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> b)
    {
        b.Property(i => i.Email).HasMaxLength(256);
        b.Property(i => i.Role).HasMaxLength(16);
        b.Property(i => i.CodeHash).HasMaxLength(64);
        b.HasIndex(i => i.CodeHash).IsUnique();
    }
}

internal sealed class SessionConfiguration : IEntityTypeConfiguration<ReviewSession>
{
    public void Configure(EntityTypeBuilder<ReviewSession> b)
    {
        b.ToTable("Sessions");
        b.HasIndex(s => new { s.ArticleId, s.Status });
        b.HasOne<Article>().WithMany().HasForeignKey(s => s.ArticleId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(s => s.Participants).WithOne().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.Ignore(s => s.IsBlindNow);
    }
}

internal sealed class SessionParticipantConfiguration : IEntityTypeConfiguration<SessionParticipant>
{
    public void Configure(EntityTypeBuilder<SessionParticipant> b)
    {
        b.HasKey(p => new { p.SessionId, p.UserId });
        b.HasOne(p => p.User).WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> b)
    {
        b.HasIndex(p => new { p.SessionId, p.ClaimId, p.ReviewerId }).IsUnique();
        b.Property(p => p.Verdict).HasMaxLength(64);
        b.Property(p => p.Conclusion).HasMaxLength(1000);
        b.HasOne<ReviewSession>().WithMany().HasForeignKey(p => p.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Claim>().WithMany().HasForeignKey(p => p.ClaimId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(p => p.Reviewer).WithMany().HasForeignKey(p => p.ReviewerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class BallotConfiguration : IEntityTypeConfiguration<SessionBallot>
{
    public void Configure(EntityTypeBuilder<SessionBallot> b)
    {
        b.ToTable("Ballots");
        b.HasIndex(v => new { v.SessionId, v.ClaimId, v.VoterId }).IsUnique();
        b.Property(v => v.Verdict).HasMaxLength(64);
        b.HasOne<ReviewSession>().WithMany().HasForeignKey(v => v.SessionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Claim>().WithMany().HasForeignKey(v => v.ClaimId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(v => v.Voter).WithMany().HasForeignKey(v => v.VoterId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CorrectionConfiguration : IEntityTypeConfiguration<Correction>
{
    public void Configure(EntityTypeBuilder<Correction> b)
    {
        b.Property(c => c.What).HasMaxLength(2000);
        b.Property(c => c.Why).HasMaxLength(2000);
        b.Property(c => c.AuthorName).HasMaxLength(256);
        b.HasIndex(c => new { c.ArticleId, c.At });
        b.HasOne<Article>().WithMany().HasForeignKey(c => c.ArticleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.Kind).HasMaxLength(48);
        b.Property(n => n.Text).HasMaxLength(500);
        b.Property(n => n.Link).HasMaxLength(300);
        b.Property(n => n.Count).HasDefaultValue(1);
        b.HasIndex(n => new { n.UserId, n.ReadAt, n.Id });
    }
}
