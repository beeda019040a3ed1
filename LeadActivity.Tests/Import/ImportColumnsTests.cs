using LeadActivity.Domain.Import;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Import;

public sealed class ImportColumnsTests
{
    [Fact]
    public void The_export_s_bookkeeping_columns_are_the_app_s_own_and_its_fields_are_matched()
    {
        var columns = ImportColumns.Match([.. LeadCsvExport.Columns, "company", "favourite_colour"], ImportHarness.Fields);

        Assert.True(columns.CanImport);
        Assert.Equal((0, 1, 2, 3), (columns.Name, columns.Phone, columns.WhatsApp, columns.Email));
        Assert.Equal(LeadCsvExport.AppColumns, columns.AppColumns.Select(c => c.Header));
        Assert.Equal("company", Assert.Single(columns.Fields).Field.Key);
        Assert.Equal("favourite_colour", Assert.Single(columns.Ignored).Header);
    }

    [Fact]
    public void A_status_column_in_a_file_the_app_did_not_write_is_offered_as_a_field()
    {
        var columns = ImportColumns.Match(["phone", "name", "status", "created_at"], ImportHarness.Fields);

        Assert.Empty(columns.AppColumns);
        Assert.Equal(["status", "created_at"], columns.Ignored.Select(c => c.Header));
    }

    [Fact]
    public void The_rejected_rows_last_error_column_is_the_app_s_own_anywhere_else_it_is_the_file_s()
    {
        Assert.Equal("error", Assert.Single(ImportColumns.Match(["phone", "name", "error"], ImportHarness.Fields).AppColumns).Header);
        Assert.Equal("error", Assert.Single(ImportColumns.Match(["phone", "error", "name"], ImportHarness.Fields).Ignored).Header);
    }
}
