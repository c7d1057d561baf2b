using System.Security.Cryptography;
using FactDesk.Web.Data;
using FactDesk.Web.Features.Review;
using FactDesk.Web.Features.Review.Reading;
using FactDesk.Web.Features.Review.Writing;
using FactDesk.Web.Localization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FactDesk.Web.Features.Accounts;

public sealed record SignUpRequest(string Email, string Password, string DisplayName, string? InvitationCode);

public sealed record SignUpResult(bool Succeeded, AppUser? User, string? Role, IReadOnlyList<string> Errors);

public sealed record PersonRow(string Id, string Email, string DisplayName, string Role, DateTimeOffset CreatedAt, bool MustChangePassword = false);

public sealed record InvitationRow(int Id, string Email, string Role, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? AcceptedAt);

/// <summary>Sign-up, roles and invitations. The first account becomes Editor; later ones start as Viewer unless invited.</summary>
public sealed partial class AccountService(
    UserManager<AppUser> users,
    RoleManager<IdentityRole> roles,
    IDbContextFactory<FactDeskDbContext> dbFactory,
    FactDeskDbContext identityDb,
    IOptions<FactDeskOptions> options,
    TimeProvider clock,
    Notifications.NotificationService notifications,
    ILogger<AccountService> logger)
{
    // Two simultaneous first sign-ups must not both become Editor.
    private static readonly SemaphoreSlim SignUpGate = new(1, 1);

    public SignUpMode Mode => options.Value.Accounts.SignUp;

    public async Task<SignUpResult> SignUpAsync(SignUpRequest request, CancellationToken cancellationToken)
    {
        var email = request.Email?.Trim() ?? "";
        var name = request.DisplayName?.Trim() ?? "";
        if (name.Length == 0) name = email.Split('@')[0];
        if (name.Length > 100) return Failed(Say.Text("Account.NameLong"));
        if (FactDesk.Core.Hygiene.TextHygiene.CheckAll((name, Fields.Name, FactDesk.Core.Hygiene.TextKind.Line), (email, Fields.Email, FactDesk.Core.Hygiene.TextKind.Line)) is { } unclean)
            return Failed(Say.Unclean(unclean));
        await SignUpGate.WaitAsync(cancellationToken);
        try
        {
            await EnsureRolesAsync();
            var first = !await users.Users.AnyAsync(cancellationToken);
            string role;
            Invitation? invitation = null;
            if (first)
            {
                role = Roles.Editor;
            }
            else if (!string.IsNullOrWhiteSpace(request.InvitationCode))
            {
                invitation = await FindInvitationAsync(request.InvitationCode, cancellationToken);
                if (invitation is null) return Failed(Say.Text("Account.InvitationInvalid"));
                if (!string.Equals(invitation.Email, email, StringComparison.OrdinalIgnoreCase))
                    return Failed(Say.Text("Account.InvitationFor", invitation.Email));
                role = invitation.Role;
            }
            else if (Mode == SignUpMode.InvitationOnly)
            {
                return Failed(Say.Text("Account.InvitationOnly"));
            }
            else
            {
                role = Roles.Viewer;
            }

            var user = new AppUser { UserName = email, Email = email, DisplayName = name, CreatedAt = clock.GetUtcNow() };
            var created = await users.CreateAsync(user, request.Password ?? "");
            if (!created.Succeeded) return new SignUpResult(false, null, null, created.Errors.Select(e => e.Description).ToList());
            await users.AddToRoleAsync(user, role);
            if (invitation is not null)
            {
                await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
                await db.Invitations.Where(i => i.Id == invitation.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, clock.GetUtcNow()), cancellationToken);
            }
            LogSignedUp(logger, user.Id, role);
            if (!first) await TellEditorsAsync(user, role, cancellationToken);
            return new SignUpResult(true, user, role, []);
        }
        finally
        {
            SignUpGate.Release();
        }
    }

    /// <summary>Editors hear of every sign-up in their notifications: a newcomer may be waiting for a role.</summary>
    private async Task TellEditorsAsync(AppUser user, string role, CancellationToken cancellationToken)
    {
        try
        {
            var editors = (await users.GetUsersInRoleAsync(Roles.Editor)).Select(u => u.Id).Where(id => id != user.Id).ToList();
            // Each Editor reads it in the language their account chose.
            await notifications.NotifySignUpAsync(editors, user.DisplayName, user.Email, role, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The account exists; only the courtesy note to the Editors failed.
            LogTellEditorsFailed(logger, ex, user.Id);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Editors could not be told that {UserId} signed up")]
    private static partial void LogTellEditorsFailed(ILogger logger, Exception ex, string userId);

    /// <summary>Creates the configured first Editor, only while the desk has no account at all.</summary>
    public async Task EnsureAdminAsync(CancellationToken cancellationToken)
    {
        await EnsureRolesAsync();
        var admin = options.Value.Admin;
        if (string.IsNullOrWhiteSpace(admin.Email) || string.IsNullOrWhiteSpace(admin.Password)) return;
        if (await users.Users.AnyAsync(cancellationToken)) return;
        try
        {
            var result = await SignUpAsync(new SignUpRequest(admin.Email, admin.Password, "Administrator", null), cancellationToken);
            if (result.Succeeded) return;
            if (await users.Users.AnyAsync(cancellationToken)) LogAdminCreatedElsewhere(logger);
            else LogAdminFailed(logger, string.Join(" ", result.Errors));
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            // Several instances started together on an empty database, and another one created the admin first.
            Forget(ex);
            LogAdminCreatedElsewhere(logger);
        }
    }

    public async Task<IReadOnlyList<PersonRow>> ListPeopleAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.Id, u.Email, u.DisplayName, u.CreatedAt, u.MustChangePassword,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id).Join(db.Roles, ur => ur.RoleId, r => r.Id, (_, r) => r.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.DisplayName).Select(r => new PersonRow(r.Id, r.Email ?? "", r.DisplayName, r.Role ?? Roles.Viewer, r.CreatedAt, r.MustChangePassword)).ToList();
    }

    public Task<WriteResult<PersonRow>> SetRoleAsync(Actor actor, string userId, string role, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => SetRoleCoreAsync(actor, userId, role, cancellationToken));

    private async Task<WriteResult<PersonRow>> SetRoleCoreAsync(Actor actor, string userId, string role, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<PersonRow>.Forbidden(Say.Text("Account.OnlyEditorsRoles"));
        if (!Roles.All.Contains(role)) return WriteResult<PersonRow>.Invalid(Say.Text("Account.NotARole", role));
        // One role change at a time on the whole desk (every instance): the last-Editor check and the change commit
        // together, so two Editors lowering each other at once cannot leave the desk without one. The first statement
        // writes the Editor role's row, which takes SQLite's write lock and PostgreSQL's row lock until the commit.
        // (Identity's store works on this scope's context, so its changes are inside the transaction.)
        await using var tx = await identityDb.Database.BeginTransactionAsync(cancellationToken);
        await identityDb.Roles.Where(r => r.NormalizedName == Roles.Editor.ToUpperInvariant())
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.ConcurrencyStamp, r => r.ConcurrencyStamp), cancellationToken);
        var user = await users.FindByIdAsync(userId);
        if (user is null) return WriteResult<PersonRow>.NotFound(Say.Text("Account.Gone"));
        var current = await users.GetRolesAsync(user);
        if (current.Contains(Roles.Editor) && role != Roles.Editor && (await users.GetUsersInRoleAsync(Roles.Editor)).Count == 1)
            return WriteResult<PersonRow>.Invalid(Say.Text("Account.LastEditor"));
        if (current.Count > 0 && !(await users.RemoveFromRolesAsync(user, current)).Succeeded)
            throw new InvalidOperationException($"The roles of {userId} could not be removed.");
        if (!(await users.AddToRoleAsync(user, role)).Succeeded)
            throw new InvalidOperationException($"The role {role} could not be given to {userId}.");
        await tx.CommitAsync(cancellationToken);
        // The security stamp stays: a new one would sign the person out. Their open pages pick the role up within seconds
        // (RevalidatingIdentityStateProvider) and their cookie at its next request (SecurityStampValidatorOptions).
        LogRoleChanged(logger, userId, role, actor.UserId);
        return WriteResult<PersonRow>.Success(new PersonRow(user.Id, user.Email ?? "", user.DisplayName, role, user.CreatedAt, user.MustChangePassword));
    }

    /// <summary>
    /// An Editor creates an account directly (automation: the people API), under the same password policy and name
    /// rules as sign-up; logged like a role change. Where the desk says so
    /// (<see cref="AccountOptions.RequirePasswordChangeOnFirstSignIn"/>) the person must choose their own password at
    /// first sign-in before anything else.
    /// </summary>
    public Task<WriteResult<PersonRow>> CreatePersonAsync(Actor actor, string? email, string? name, string? role, string? password, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => CreatePersonCoreAsync(actor, email, name, role, password, cancellationToken));

    private async Task<WriteResult<PersonRow>> CreatePersonCoreAsync(Actor actor, string? email, string? name, string? role, string? password, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<PersonRow>.Forbidden(Say.Text("Account.OnlyEditorsAdd"));
        email = email?.Trim() ?? "";
        if (!email.Contains('@') || email.Length > 256) return WriteResult<PersonRow>.Invalid(Say.Text("Account.EmailNeeded"));
        role = Roles.All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
        if (role is null) return WriteResult<PersonRow>.Invalid(Say.Text("Account.ChooseRole"));
        var display = string.IsNullOrWhiteSpace(name) ? email.Split('@')[0] : name.Trim();
        if (display.Length > 100) return WriteResult<PersonRow>.Invalid(Say.Text("Account.TheNameLong"));
        if (FactDesk.Core.Hygiene.TextHygiene.CheckAll((display, Fields.Name, FactDesk.Core.Hygiene.TextKind.Line), (email, Fields.Email, FactDesk.Core.Hygiene.TextKind.Line)) is { } unclean)
            return WriteResult<PersonRow>.Invalid(Say.Unclean(unclean));
        if (await users.FindByEmailAsync(email) is not null) return WriteResult<PersonRow>.Invalid(Say.Text("Account.HasAccount", email));
        await EnsureRolesAsync();
        var user = new AppUser
        {
            UserName = email, Email = email, DisplayName = display, CreatedAt = clock.GetUtcNow(),
            MustChangePassword = options.Value.Accounts.RequirePasswordChangeOnFirstSignIn,
        };
        var created = await users.CreateAsync(user, password ?? "");
        if (!created.Succeeded) return WriteResult<PersonRow>.Invalid(string.Join(" ", created.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(user, role);
        LogPersonCreated(logger, user.Id, role, actor.UserId, user.MustChangePassword);
        return WriteResult<PersonRow>.Success(new PersonRow(user.Id, user.Email, user.DisplayName, role, user.CreatedAt, user.MustChangePassword));
    }

    /// <summary>
    /// The person replaces their password (the desk's password policy applies) and, if they had to, may now use the
    /// desk. Answers the sentences to show when it is refused; none when it was changed. The caller refreshes the
    /// sign-in, so the cookie no longer says the change is due.
    /// </summary>
    public async Task<IReadOnlyList<string>> ChangePasswordAsync(string userId, string? current, string? next, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var user = await users.FindByIdAsync(userId);
        if (user is null) return [Say.Text("Account.Gone")];
        if (string.IsNullOrEmpty(current) || string.IsNullOrEmpty(next)) return [Say.Text("Account.PasswordsNeeded")];
        if (string.Equals(current, next, StringComparison.Ordinal)) return [Say.Text("Account.PasswordSame")];
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded) return changed.Errors.Select(e => e.Description).ToList();
        if (user.MustChangePassword)
        {
            user.MustChangePassword = false;
            var saved = await users.UpdateAsync(user);
            if (!saved.Succeeded) return saved.Errors.Select(e => e.Description).ToList();
        }
        LogPasswordChanged(logger, user.Id);
        return [];
    }

    /// <summary>Creates an invitation; the code is returned once and only its hash is stored.</summary>
    public Task<WriteResult<string>> InviteAsync(Actor actor, string email, string role, CancellationToken cancellationToken) =>
        WriteResult.GuardAsync(logger, () => InviteCoreAsync(actor, email, role, cancellationToken));

    private async Task<WriteResult<string>> InviteCoreAsync(Actor actor, string email, string role, CancellationToken cancellationToken)
    {
        if (!actor.IsEditor) return WriteResult<string>.Forbidden(Say.Text("Account.OnlyEditorsInvite"));
        email = email?.Trim() ?? "";
        if (!email.Contains('@') || email.Length > 256) return WriteResult<string>.Invalid(Say.Text("Account.EmailNeeded"));
        if (!Roles.All.Contains(role)) return WriteResult<string>.Invalid(Say.Text("Account.ChooseRoleShort"));
        if (await users.FindByEmailAsync(email) is not null) return WriteResult<string>.Invalid(Say.Text("Account.HasAccount", email));
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.Invitations.Add(new Invitation
        {
            Email = email, Role = role, CodeHash = TokenHashing.Hash(code), CreatedById = actor.UserId,
            CreatedAt = clock.GetUtcNow(), ExpiresAt = clock.GetUtcNow().AddDays(14),
        });
        await db.SaveChangesAsync(cancellationToken);
        return WriteResult<string>.Success(code);
    }

    public async Task<IReadOnlyList<InvitationRow>> ListInvitationsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Invitations.AsNoTracking().OrderByDescending(i => i.Id).Take(100).ToListAsync(cancellationToken);
        return rows.Select(i => new InvitationRow(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.AcceptedAt)).ToList();
    }

    private async Task<Invitation?> FindInvitationAsync(string code, CancellationToken cancellationToken)
    {
        var hash = TokenHashing.Hash(code.Trim().ToUpperInvariant());
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var invitation = await db.Invitations.AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash && i.AcceptedAt == null, cancellationToken);
        return invitation is not null && invitation.ExpiresAt > now ? invitation : null;
    }

    private async Task EnsureRolesAsync()
    {
        foreach (var role in Roles.All)
        {
            if (await roles.RoleExistsAsync(role)) continue;
            try
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // Another instance created it at the same moment: it exists, which is all that is needed.
                Forget(ex);
            }
        }
    }

    /// <summary>Drops the refused rows from the shared scoped context, so the next save does not try them again.</summary>
    private static void Forget(DbUpdateException ex)
    {
        foreach (var entry in ex.Entries) entry.State = EntityState.Detached;
    }

    private static SignUpResult Failed(string message) => new(false, null, null, [message]);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} signed up as {Role}")]
    private static partial void LogSignedUp(ILogger logger, string userId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} created as {Role} by {EditorId} (must change password: {MustChange})")]
    private static partial void LogPersonCreated(ILogger logger, string userId, string role, string editorId, bool mustChange);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} chose its own password")]
    private static partial void LogPasswordChanged(ILogger logger, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Account {UserId} is now {Role} (changed by {EditorId})")]
    private static partial void LogRoleChanged(ILogger logger, string userId, string role, string editorId);

    [LoggerMessage(Level = LogLevel.Information, Message = "The configured admin account was created by another instance starting at the same time")]
    private static partial void LogAdminCreatedElsewhere(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "The configured admin account could not be created: {Errors}")]
    private static partial void LogAdminFailed(ILogger logger, string errors);
}
