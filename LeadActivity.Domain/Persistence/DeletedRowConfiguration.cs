using LeadActivity.Domain.Leads.Bulk;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace LeadActivity.Domain.Persistence;

internal sealed class DeletedRowConfiguration : IEntityTypeConfiguration<DeletedRow>
{
    public void Configure(EntityTypeBuilder<DeletedRow> b)
    {
        b.Property(r => r.TableName).HasMaxLength(24);
        b.Property(r => r.Phone).HasMaxLength(16);
        b.HasOne<BulkAction>().WithMany().HasForeignKey(r => r.BulkActionId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Organizations.Organization>().WithMany().HasForeignKey(r => r.OrganizationId);
        // An undo reads one delete's rows, table by table, in their original order.
        b.HasIndex(r => new { r.BulkActionId, r.TableName, r.RowId });
    }
}
