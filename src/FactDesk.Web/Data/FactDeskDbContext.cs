using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FactDesk.Web.Data;

public sealed class FactDeskDbContext(DbContextOptions<FactDeskDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<Article> Articles => Set<Article>();
    public DbSet<ArticleSource> ArticleSources => Set<ArticleSource>();
    public DbSet<Claim> Claims => Set<Claim>();
    public DbSet<Evidence> Evidence => Set<Evidence>();
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<ReviewEvent> Events => Set<ReviewEvent>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ReviewSession> Sessions => Set<ReviewSession>();
    public DbSet<SessionParticipant> SessionParticipants => Set<SessionParticipant>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<SessionBallot> Ballots => Set<SessionBallot>();
    public DbSet<Correction> Corrections => Set<Correction>();
    public DbSet<Notification> Notifications => Set<Notification>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(FactDeskDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums as readable strings: the database stays legible and PostgreSQL-portable.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
        if (Database.IsSqlite())
        {
            // SQLite has no native timestamp type; binary keeps ordering and comparison in SQL.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        }
    }
}
