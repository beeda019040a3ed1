using LeadActivity.Domain.Activities;
using LeadActivity.Domain.ApiKeys;
using LeadActivity.Domain.Campaigns;
using LeadActivity.Domain.FollowUps;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;
using LeadActivity.Domain.Organizations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadActivity.Domain.Persistence;

internal static class JsonPropertyExtensions
{
    public static PropertyBuilder<T> AsJson<T>(this PropertyBuilder<T> property) =>
        property.HasConversion(new JsonConverter<T>(), new JsonComparer<T>());
}

internal sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> b)
    {
        b.Property(o => o.Name).HasMaxLength(200);
        b.Property(o => o.Slug).HasMaxLength(64);
        b.HasIndex(o => o.Slug).IsUnique();
    }
}

internal sealed class LeadActivityUserConfiguration : IEntityTypeConfiguration<Accounts.LeadActivityUser>
{
    public void Configure(EntityTypeBuilder<Accounts.LeadActivityUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(u => u.OrganizationId);
        b.HasIndex(u => u.OrganizationId);
    }
}

internal sealed class LeadSourceConfiguration : IEntityTypeConfiguration<Import.Sources.LeadSource>
{
    public void Configure(EntityTypeBuilder<Import.Sources.LeadSource> b)
    {
        b.Property(s => s.Name).HasMaxLength(100);
        b.Property(s => s.Url).HasMaxLength(2000);
        b.Property(s => s.PageParameter).HasMaxLength(64);
        b.Property(s => s.CursorParameter).HasMaxLength(64);
        b.Property(s => s.NextCursorProperty).HasMaxLength(64);
        b.Property(s => s.ItemsProperty).HasMaxLength(64);
        b.Property(s => s.AuthHeaderName).HasMaxLength(64);
        b.Property(s => s.SecretHint).HasMaxLength(8);
        b.Property(s => s.FilterQuery).HasMaxLength(1000);
        b.Property(s => s.Mapping).AsJson();
        b.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrganizationId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(s => s.CampaignId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(s => new { s.OrganizationId, s.CampaignId });
        b.HasIndex(s => s.NextPullAt);
    }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> b)
    {
        b.Property(c => c.Name).HasMaxLength(200);
        b.Property(c => c.DefaultRegion).HasMaxLength(2);
        b.Property(c => c.TimeZone).HasMaxLength(64);
        b.Property(c => c.CallingHours).AsJson();
        b.Property(c => c.Fields).AsJson();
        b.Property(c => c.FollowUpRules).AsJson();
        b.HasOne<Organization>().WithMany().HasForeignKey(c => c.OrganizationId);
        b.HasIndex(c => c.OrganizationId);
    }
}

internal sealed class LeadConfiguration : IEntityTypeConfiguration<Lead>
{
    public void Configure(EntityTypeBuilder<Lead> b)
    {
        b.Property(l => l.Name).HasMaxLength(200);
        b.Property(l => l.Phone).HasMaxLength(16);
        b.Property(l => l.WhatsApp).HasMaxLength(16);
        b.Property(l => l.Email).HasMaxLength(320);
        b.Property(l => l.PhoneSuffixKeys).HasMaxLength(40);
        b.Property(l => l.SortName).HasMaxLength(LeadName.MaxSortKeyLength).IsRequired(false);
        b.Property(l => l.Country).HasMaxLength(2);
        b.Property(l => l.Fields).AsJson();
        b.HasOne(l => l.Campaign).WithMany().HasForeignKey(l => l.CampaignId);
        b.HasOne<Organization>().WithMany().HasForeignKey(l => l.OrganizationId);

        // The dedupe rule: one lead per normalized phone number in a campaign.
        b.HasIndex(l => new { l.CampaignId, l.Phone }).IsUnique().HasFilter("\"Phone\" IS NOT NULL");
        b.HasIndex(l => new { l.CampaignId, l.WhatsApp });
        // The Leads page: filter by status and/or campaign, sorted by last activity (the default) or name. By name is
        // by sort key, then name, then id (SQLite's rowid ends every index entry); PostgreSQL's migration writes its
        // own version of this index, with the name compared byte by byte and the id.
        b.HasIndex(l => new { l.OrganizationId, l.Status, l.LastActivityAt });
        b.HasIndex(l => new { l.OrganizationId, l.LastActivityAt });
        b.HasIndex(l => new { l.OrganizationId, l.SortName, l.Name });
        b.HasIndex(l => new { l.OrganizationId, l.CampaignId, l.Status, l.LastActivityAt });
        // Search hits arrive as ids; this narrow copy of the filter and sort columns spares a lookup of each wide row.
        b.HasIndex(l => new { l.Id, l.OrganizationId, l.CampaignId, l.Status, l.LastActivityAt }).HasDatabaseName("IX_Leads_SearchHit");
        // The narrowest copy, for a search without other filters: half the pages to read per hit (measured 55 → 27 ms
        // for 35,000 hits in a million leads).
        b.HasIndex(l => new { l.Id, l.OrganizationId }).HasDatabaseName("IX_Leads_SearchHitOrganization");
        // The Leads page's richer filters, each counted from its own index: country, last call's outcome, follow-up due,
        // created (last activity has its index above).
        b.HasIndex(l => new { l.OrganizationId, l.Country });
        b.HasIndex(l => new { l.OrganizationId, l.LastCallOutcome });
        b.HasIndex(l => new { l.OrganizationId, l.NextFollowUpAt });
        b.HasIndex(l => new { l.OrganizationId, l.CreatedAt });
        // No foreign key to LeadImports: adding one to an existing SQLite table rebuilds it, which would drop the
        // search index's triggers with it. No index either: only an undo looks leads up by import, and an index would
        // cost every imported row one more insert.
    }
}

internal sealed class SavedLeadViewConfiguration : IEntityTypeConfiguration<SavedLeadView>
{
    public void Configure(EntityTypeBuilder<SavedLeadView> b)
    {
        b.Property(v => v.Name).HasMaxLength(SavedLeadView.MaxNameLength);
        b.Property(v => v.Query).HasMaxLength(SavedLeadView.MaxQueryLength);
        b.Property(v => v.OwnerId).HasMaxLength(200);
        b.Property(v => v.OwnerName).HasMaxLength(200);
        b.HasOne<Organization>().WithMany().HasForeignKey(v => v.OrganizationId);
        // A person's own views by name (saving under a name replaces theirs); the organization's shared ones.
        b.HasIndex(v => new { v.OrganizationId, v.OwnerId, v.Name }).IsUnique();
        b.HasIndex(v => new { v.OrganizationId, v.Shared });
    }
}

internal sealed class LeadImportConfiguration : IEntityTypeConfiguration<LeadImport>
{
    public void Configure(EntityTypeBuilder<LeadImport> b)
    {
        b.Property(i => i.FileName).HasMaxLength(260);
        b.Property(i => i.StartedBy).HasMaxLength(200);
        b.Property(i => i.StartedById).HasMaxLength(200);
        b.Property(i => i.Message).HasMaxLength(2000);
        b.Property(i => i.Node).HasMaxLength(200);
        b.HasOne<Campaign>().WithMany().HasForeignKey(i => i.CampaignId);
        b.HasOne<Organization>().WithMany().HasForeignKey(i => i.OrganizationId);
        b.HasIndex(i => new { i.CampaignId, i.Id });
        b.HasIndex(i => i.State);
    }
}

internal sealed class LeadImportRejectedRowsConfiguration : IEntityTypeConfiguration<LeadImportRejectedRows>
{
    public void Configure(EntityTypeBuilder<LeadImportRejectedRows> b)
    {
        b.HasKey(r => r.ImportId);
        b.Property(r => r.ImportId).ValueGeneratedNever();
        b.HasOne<LeadImport>().WithOne().HasForeignKey<LeadImportRejectedRows>(r => r.ImportId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> b)
    {
        b.Property(a => a.Summary).HasMaxLength(4000);
        b.Property(a => a.RecordingUrl).HasMaxLength(2048);
        b.Property(a => a.ExternalId).HasMaxLength(200);
        b.Property(a => a.Actor).HasMaxLength(200);
        b.Property(a => a.Transcript).AsJson();
        b.Property(a => a.Extracted).AsJson();
        b.HasOne(a => a.Lead).WithMany().HasForeignKey(a => a.LeadId);
        b.HasOne<Campaign>().WithMany().HasForeignKey(a => a.CampaignId);
        b.HasOne<Organization>().WithMany().HasForeignKey(a => a.OrganizationId);

        // Newest first per lead (timeline) and per organization (live feed, catch-up by id).
        b.HasIndex(a => new { a.LeadId, a.Id }).IsDescending(false, true);
        b.HasIndex(a => new { a.LeadId, a.OccurredAt, a.Id }).IsDescending(false, true, true);
        b.HasOne(a => a.Note).WithMany().HasForeignKey(a => a.NoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(a => new { a.OrganizationId, a.Id }).IsDescending(false, true);
        // The dashboard's figures count today and the last two hours: a range of this index, never the history.
        b.HasIndex(a => new { a.OrganizationId, a.OccurredAt });
        // The feed of one campaign, newest first, without reading the other campaigns' events.
        b.HasIndex(a => new { a.CampaignId, a.Id }).IsDescending(false, true);
        // A campaign's overview counts its calls by outcome and its messages once (up to the newest id), then adds each
        // event: this index covers that count (organization and id included, so neither database reads the rows).
        b.HasIndex(a => new { a.CampaignId, a.Kind, a.CallOutcome, a.DeliveryState, a.OrganizationId, a.Id }).HasDatabaseName("IX_Activities_CampaignOutcomes");
        // Its pace reads the campaign's last hour: a range of this index.
        b.HasIndex(a => new { a.CampaignId, a.OccurredAt, a.Kind, a.OrganizationId, a.Id }).HasDatabaseName("IX_Activities_CampaignPace");
        b.HasIndex(a => new { a.OrganizationId, a.ExternalId }).IsUnique().HasFilter("\"ExternalId\" IS NOT NULL");
    }
}

internal sealed class FollowUpConfiguration : IEntityTypeConfiguration<FollowUp>
{
    public void Configure(EntityTypeBuilder<FollowUp> b)
    {
        b.Property(f => f.CancelledBy).HasMaxLength(200);
        b.HasOne<Lead>().WithMany().HasForeignKey(f => f.LeadId);
        b.HasOne<Organization>().WithMany().HasForeignKey(f => f.OrganizationId);
        b.HasIndex(f => new { f.State, f.DueAt });
        b.HasIndex(f => new { f.LeadId, f.State });
        // The follow-ups a campaign's overview says are waiting.
        b.HasIndex(f => new { f.CampaignId, f.State, f.OrganizationId });
    }
}

internal sealed class NoteConfiguration : IEntityTypeConfiguration<Note>
{
    public void Configure(EntityTypeBuilder<Note> b)
    {
        b.Property(n => n.Author).HasMaxLength(200);
        b.Property(n => n.AuthorId).HasMaxLength(200);
        b.Property(n => n.Text).HasMaxLength(20_000);
        b.HasOne<Lead>().WithMany().HasForeignKey(n => n.LeadId);
        b.HasOne<Organization>().WithMany().HasForeignKey(n => n.OrganizationId);
        b.HasIndex(n => new { n.LeadId, n.Id });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(200);
        b.Property(k => k.KeyHash).HasMaxLength(64);
        b.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrganizationId);
        b.HasIndex(k => k.KeyHash).IsUnique();
    }
}
