using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace FactDesk.Web.Data;

/// <summary>
/// The model, on SQLite (the default; migrations in Data/Migrations). PostgreSQL uses <see cref="PostgresFactDeskDbContext"/>,
/// the same model with its own migrations (EF's "multiple providers" pattern); the app asks for this type either way.
/// </summary>
public class FactDeskDbContext : IdentityDbContext<AppUser>, IDataProtectionKeyContext
{
    public FactDeskDbContext(DbContextOptions<FactDeskDbContext> options) : base(options) { }

    /// <summary>For a provider-specific subclass, which carries its own options type.</summary>
    protected FactDeskDbContext(DbContextOptions options) : base(options) { }

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
    public DbSet<DeskClaimModel> DeskClaimModels => Set<DeskClaimModel>();
    /// <summary>Data-protection keys shared by several instances (PostgreSQL; SQLite keeps them as files unless configured otherwise).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

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
        else if (Database.IsNpgsql())
        {
            // timestamptz stores an instant and Npgsql writes only offset 0: whatever offset a value arrives with
            // (an API client's "+02:00" deadline), it is stored and compared as the same instant in UTC.
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
        }
    }
}

/// <summary>The same instant at offset 0; values read back are already UTC.</summary>
internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(v => v.ToUniversalTime(), v => v.ToUniversalTime());
