using LeadActivity.Domain;
using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using LeadActivity.App.Hosting;
using LeadActivity.Domain.Accounts;
using LeadActivity.Domain.ApiKeys;
using LeadActivity.Domain.Persistence;
using LeadActivity.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LeadActivity.Tests.Accounts;

public abstract class MembersAndKeysTests(LeadActivityAppFactory app)
{
    [SkippableFact]
    public async Task An_invited_member_signs_in_with_the_one_time_password_and_must_choose_their_own_first()
    {
        var email = $"kim-{Guid.NewGuid():N}@demo.example";
        ChangeResult<string> invited;
        await using (var admin = await app.ActAsAsync(LeadActivityAppFactory.AdminEmail))
            invited = await admin.ServiceProvider.GetRequiredService<OrganizationMembers>().InviteAsync(email, "Kim Lee", OrganizationRole.Member);
        Assert.True(invited.Succeeded, invited.Error);

        using var kim = await app.SignedInClientAsync(email, invited.Value!);
        var home = await kim.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        var deniedPage = await kim.GetAsync(home.Headers.Location);
        Assert.EndsWith("/account/change-password", deniedPage.Headers.Location!.OriginalString);

        var form = await kim.GetStringAsync("/account/change-password");
        var token = LeadActivityAppFactory.AntiforgeryToken(form);
        var changed = await kim.PostAsync("/account/change-password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "change-password",
            ["Input.Current"] = invited.Value!, ["Input.New"] = "Kims-own-password-1", ["Input.Confirm"] = "Kims-own-password-1",
        }));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await kim.GetAsync("/leads")).StatusCode);
        // The one-time password is spent: signing in with it shows the form again.
        using var later = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.OK, (await LeadActivityAppFactory.SignInAsync(later, email, invited.Value!)).StatusCode);
    }

    [SkippableFact]
    public async Task A_new_organization_s_first_admin_signs_in_with_a_one_time_password_and_sees_an_empty_organization()
    {
        _ = app.Server;
        var created = await OrganizationSetup.CreateAsync(app.Database, "Acme Realty", $"jo-{Guid.NewGuid():N}@acme.example", "Jo", DateTime.UtcNow);

        await using (var scope = await app.ActAsAsync(created.Email))
        {
            Assert.Equal(created.OrganizationId, scope.ServiceProvider.GetRequiredService<Domain.Organizations.IOrganizationScope>().OrganizationId);
            Assert.Equal(OrganizationRole.Admin, scope.ServiceProvider.GetRequiredService<ICurrentUser>().Role);
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<Domain.Campaigns.CampaignService>().ListAsync());
        }
        using var jo = await app.SignedInClientAsync(created.Email, created.OneTimePassword);
        Assert.Equal(HttpStatusCode.Redirect, (await jo.GetAsync("/leads")).StatusCode); // to choose a password first
        await Assert.ThrowsAsync<ArgumentException>(() => OrganizationSetup.CreateAsync(app.Database, "Again", created.Email, "Jo", DateTime.UtcNow));
    }

    [SkippableFact]
    public async Task A_member_cannot_open_settings_nor_manage_members_or_keys()
    {
        var (email, password) = await InviteAndActivateAsync(OrganizationRole.Member);
        using var member = await app.SignedInClientAsync(email, password);

        var settings = await member.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.Redirect, settings.StatusCode);
        Assert.StartsWith("/account/access-denied", settings.Headers.Location!.OriginalString);
        Assert.DoesNotContain("href=\"settings\"", await member.GetStringAsync("/"));

        await using var scope = await app.ActAsAsync(email);
        var members = scope.ServiceProvider.GetRequiredService<OrganizationMembers>();
        Assert.False((await members.InviteAsync("x@demo.example", "X", OrganizationRole.Admin)).Succeeded);
        await Assert.ThrowsAsync<ApiKeyException>(() => scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("Mine"));
    }

    [SkippableFact]
    public async Task An_organization_always_keeps_an_admin_and_nobody_removes_themselves()
    {
        await using var scope = await app.ActAsAsync(LeadActivityAppFactory.OtherAdminEmail);
        var members = scope.ServiceProvider.GetRequiredService<OrganizationMembers>();
        var self = (await members.ListAsync()).Single(m => m.IsYou);

        var demote = await members.ChangeRoleAsync(self.Id, OrganizationRole.Member);
        var remove = await members.RemoveAsync(self.Id);

        Assert.Contains("at least one admin", demote.Error);
        Assert.Contains("cannot remove yourself", remove.Error);
        Assert.Equal(OrganizationRole.Admin, (await members.ListAsync()).Single(m => m.IsYou).Role);
    }

    [SkippableFact]
    public async Task An_address_already_in_use_is_refused_once_with_a_clear_message()
    {
        await using var scope = await app.ActAsAsync(LeadActivityAppFactory.AdminEmail);

        var again = await scope.ServiceProvider.GetRequiredService<OrganizationMembers>().InviteAsync(LeadActivityAppFactory.OtherAdminEmail, "Alex", OrganizationRole.Member);

        Assert.False(again.Succeeded);
        Assert.Equal($"Email '{LeadActivityAppFactory.OtherAdminEmail}' is already taken.", again.Error);
    }

    [SkippableFact]
    public async Task A_new_key_works_at_once_is_stored_only_as_a_hash_and_stops_working_when_revoked()
    {
        CreatedApiKey created;
        await using (var scope = await app.ActAsAsync(LeadActivityAppFactory.AdminEmail))
            created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().CreateAsync("Staging agent");
        using var agent = app.ApiClient(created.Secret);

        Assert.Equal(HttpStatusCode.OK, (await agent.GetAsync("/api/v1/activities?limit=1")).StatusCode);
        await using (var db = app.Database.CreateContext(0))
        {
            var stored = await db.ApiKeys.IgnoreQueryFilters().SingleAsync(k => k.Id == created.Key.Id);
            Assert.Equal(ApiKey.Hash(created.Secret), stored.KeyHash);
            Assert.NotNull(stored.LastUsedAt);
            Assert.DoesNotContain(created.Secret, JsonColumn.Serialize(stored));
        }
        await using (var scope = await app.ActAsAsync(LeadActivityAppFactory.AdminEmail))
        {
            var keys = scope.ServiceProvider.GetRequiredService<ApiKeyService>();
            Assert.Contains(await keys.ListAsync(), k => k.Id == created.Key.Id && created.Secret.StartsWith(k.Hint!) && k.LastUsedAt is not null);
            Assert.True(await keys.RevokeAsync(created.Key.Id));
        }

        var refused = await agent.PostAsJsonAsync("/api/v1/activities", new { type = "call" });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<(string Email, string Password)> InviteAndActivateAsync(OrganizationRole role)
    {
        var email = $"member-{Guid.NewGuid():N}@demo.example";
        await using var scope = await app.ActAsAsync(LeadActivityAppFactory.AdminEmail);
        var invited = await scope.ServiceProvider.GetRequiredService<OrganizationMembers>().InviteAsync(email, "Member", role);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<LeadActivityUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.ChangePasswordAsync(user, invited.Value!, LeadActivityAppFactory.Password);
        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        return (email, LeadActivityAppFactory.Password);
    }
}

public sealed class MembersAndKeysOnSqliteTests(LeadActivityAppFactory app) : MembersAndKeysTests(app), IClassFixture<LeadActivityAppFactory>;

public sealed class MembersAndKeysOnPostgresTests(PostgresAppFactory app) : MembersAndKeysTests(app), IClassFixture<PostgresAppFactory>;
