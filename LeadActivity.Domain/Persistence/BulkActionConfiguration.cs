using LeadActivity.Domain.Leads.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadActivity.Domain.Persistence;

internal sealed class BulkActionConfiguration : IEntityTypeConfiguration<BulkAction>
{
    public void Configure(EntityTypeBuilder<BulkAction> b)
    {
        b.Property(a => a.Description).HasMaxLength(300);
        b.Property(a => a.SelectionLabel).HasMaxLength(500);
        b.Property(a => a.StartedBy).HasMaxLength(200);
        b.Property(a => a.StartedById).HasMaxLength(200);
        b.Property(a => a.Message).HasMaxLength(2000);
        b.Property(a => a.Node).HasMaxLength(200);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(a => a.OrganizationId);
        // The audit trail, newest first per organization.
        b.HasIndex(a => new { a.OrganizationId, a.Id }).IsDescending(false, true);
    }
}
