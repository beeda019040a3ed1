using System.Text;
using LeadActivity.Domain.Activities;
using LeadActivity.Domain.Import;
using LeadActivity.Domain.Persistence;
using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Import;

public abstract class LeadImporterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private ImportHarness harness = null!;

    public async Task InitializeAsync() => harness = await ImportHarness.CreateAsync(provider);

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [SkippableFact]
    public async Task Preview_counts_new_duplicate_existing_and_invalid_rows_without_writing_anything()
    {
        await harness.ImportAsync("phone,name\n+14155550100,Existing\n");
        var before = await harness.FingerprintAsync();

        var preview = await harness.PreviewAsync("""
            phone,name
            +1 (415) 555-0132,Ana
            +14155550132,Ana again
            +14155550100,Already here
            4155550199,Local
            +1 415 555 0133,Ben
            """);

        Assert.True(preview.CanCommit);
        Assert.Equal((5, 2, 1, 1, 1), (preview.Rows, preview.New, preview.DuplicatesInFile, preview.AlreadyInCampaign, preview.Invalid));
        var invalid = Assert.Single(preview.FirstInvalid);
        Assert.Equal(5, invalid.Line);
        Assert.Contains("local format — add the country code (did you mean +14155550199?)", invalid.Reason);
        Assert.Equal(new DuplicateRow(3, 2), Assert.Single(preview.FirstDuplicates));
        Assert.Equal(before, await harness.FingerprintAsync());
    }

    [SkippableFact]
    public async Task Commit_stores_E164_numbers_dedupes_by_normalized_number_and_indexes_the_leads_for_search()
    {
        var import = await harness.ImportAsync("""
            Phone Number,First Name,Last-Name,EMAIL,Company,whatsapp
            +1 (415) 555-0132,Ana,Lima,ana@example.com,Acme,
            +1.415.555.0132,Ana,Duplicate,,,
            0044 20 7946 0958,Ben,Okafor,,Globex,+44 7911 123456
            """);

        Assert.Equal(LeadImportState.Completed, import.State);
        Assert.Equal((3, 2, 0, 1, 0), (import.Rows, import.Created, import.Updated, import.Skipped, import.Rejected));
        var leads = await harness.LeadsAsync();
        Assert.Equal(["+14155550132", "+442079460958"], leads.Select(l => l.Phone));
        Assert.Equal("Ana Lima", leads[0].Name);
        Assert.Equal("ana@example.com", leads[0].Email);
        Assert.Equal("+447911123456", leads[1].WhatsApp);
        Assert.Equal("Globex", leads[1].Fields["company"]);
        Assert.All(leads, l => Assert.Equal(LeadStatus.New, l.Status));
        Assert.All(leads, l => Assert.Equal(import.Id, l.ImportId));

        var query = new LeadQuery(harness.Connections, new Domain.Organizations.FixedOrganizationScope(harness.OrganizationId));
        Assert.Equal(1, (await query.PageAsync(new LeadFilter { Search = "Okafor" })).Total);
        Assert.Equal(1, (await query.PageAsync(new LeadFilter { Search = "Globex" })).Total);
        Assert.Equal(1, (await query.PageAsync(new LeadFilter { Search = "0132" })).Total);
    }

    [SkippableTheory]
    [InlineData("4155550132", "local format — add the country code (did you mean +14155550132?)")]
    [InlineData("(020) 7946 0958", "local format — add the country code")]
    [InlineData("+1 415 555", "not a valid phone number for its country")]
    [InlineData("+1 555 555 0100 99", "not a valid phone number for its country")]
    [InlineData("+1 415 FLOWERS", "phone number contains letters")]
    [InlineData("1.41555501E+10", "scientific notation")]
    public async Task Phone_numbers_without_a_country_code_or_invalid_are_rejected_with_the_reason(string phone, string reason)
    {
        var preview = await harness.PreviewAsync($"phone,name\n\"{phone}\",Ana\n+14155550199,Ben\n");

        Assert.Equal(1, preview.Invalid);
        Assert.Contains(reason, preview.FirstInvalid[0].Reason);
        Assert.Equal(2, preview.FirstInvalid[0].Line);
    }

    [SkippableFact]
    public async Task WhatsApp_follows_the_same_rules_and_a_row_needs_a_phone_or_WhatsApp_number()
    {
        var preview = await harness.PreviewAsync("""
            phone,whatsapp,name
            ,+447911123456,WhatsApp only
            ,07911 123456,Local WhatsApp
            ,,Nobody
            """);

        Assert.Equal((1, 2), (preview.New, preview.Invalid));
        Assert.Contains("WhatsApp: local format", preview.FirstInvalid[0].Reason);
        Assert.Equal("needs a phone or WhatsApp number", preview.FirstInvalid[1].Reason);
    }

    [SkippableFact]
    public async Task Field_values_are_checked_against_their_type_with_a_reason_per_row()
    {
        var preview = await harness.PreviewAsync("""
            phone,name,budget,signup_date,opted_in,plan
            +14155550101,Ana,1200.50,2026-03-04,yes,pro
            +14155550102,Ben,twelve,2026-03-04,yes,Pro
            +14155550103,Cleo,5,someday,yes,Pro
            +14155550104,Dan,5,2026-03-04,maybe,Pro
            +14155550105,Eve,5,2026-03-04,no,Gold
            +14155550106,Fay,"12,5",,,
            """);

        Assert.Equal(5, preview.Invalid);
        Assert.Equal(
            ["Budget must be a number (like 1200 or 12.5), not “twelve”", "Signup date must be a date as yyyy-mm-dd, not “someday”",
             "Opted in must be yes or no, not “maybe”", "Plan must be one of Basic, Pro, not “Gold”", "Budget must be a number (like 1200 or 12.5), not “12,5”"],
            preview.FirstInvalid.Select(r => r.Reason));
    }

    [SkippableFact]
    public async Task Dates_are_read_in_the_file_s_evident_order()
    {
        var import = await harness.ImportAsync("""
            phone,name,signup_date
            +14155550101,Ana,04/03/2026
            +14155550102,Ben,25/12/2026
            +14155550103,Cleo,2026-01-31
            """);

        Assert.Equal(3, import.Created);
        var leads = await harness.LeadsAsync();
        Assert.Equal(["2026-03-04", "2026-12-25", "2026-01-31"], leads.Select(l => l.Fields["signup_date"]));
    }

    [SkippableFact]
    public async Task Headers_are_matched_forgivingly_extra_ones_listed_and_missing_required_fields_block_the_import()
    {
        var preview = await harness.PreviewAsync("phone,Name,Signup Date,Favourite colour\n+14155550101,Ana,2026-01-01,blue\n");
        Assert.Equal("signup_date", Assert.Single(preview.Columns!.Fields).Field.Key);
        var ignored = Assert.Single(preview.Columns.Ignored);
        Assert.Equal(("Favourite colour", "favourite_colour"), (ignored.Header, ignored.SuggestedKey));

        await using var strict = await ImportHarness.CreateAsync(provider, requiredCompany: true);
        var blocked = await strict.PreviewAsync("phone,name\n+14155550101,Ana\n");
        Assert.False(blocked.CanCommit);
        Assert.Contains("requires “company” (Company)", Assert.Single(blocked.Problems));
        var (id, error) = await strict.Importer.StartAsync(strict.Campaign.Id, blocked, ExistingLeadAction.Skip);
        Assert.Null(id);
        Assert.NotNull(error);
    }

    [SkippableFact]
    public async Task Formula_cells_are_stored_as_text_and_escaped_in_the_rejected_rows_file_which_imports_again()
    {
        var import = await harness.ImportAsync("""
            phone,name,company
            +14155550101,=HYPERLINK("http://evil"),@SUM(A1)
            +1 415 555,-Bad number,=1+1
            """);

        var lead = Assert.Single(await harness.LeadsAsync());
        Assert.Equal("=HYPERLINK(\"http://evil\")", lead.Name);
        Assert.Equal("@SUM(A1)", lead.Fields["company"]);

        var rejected = await harness.Importer.RejectedRowsPathAsync(import.Id);
        var text = await File.ReadAllTextAsync(rejected!);
        Assert.StartsWith("phone,name,company,error", text.TrimStart('\uFEFF'));
        Assert.Contains("'+1 415 555,'-Bad number,'=1+1,", text);
        Assert.Contains("not a valid phone number", text);

        var fixedFile = text.Replace("'+1 415 555", "+14155550102");
        var again = await harness.ImportAsync(fixedFile);
        Assert.Equal(1, again.Created);
        var fixedLead = (await harness.LeadsAsync()).Last();
        Assert.Equal("-Bad number", fixedLead.Name);
        Assert.Equal("=1+1", fixedLead.Fields["company"]);
    }

    [SkippableFact]
    public async Task Existing_leads_are_skipped_by_default_or_have_their_fields_updated()
    {
        await harness.ImportAsync("phone,name,company,budget\n+14155550101,Ana,Acme,100\n");

        var skipped = await harness.ImportAsync("phone,name,company\n+14155550101,Ana B,Globex\n");
        Assert.Equal((0, 0, 1), (skipped.Created, skipped.Updated, skipped.Skipped));
        Assert.Equal("Acme", (await harness.LeadsAsync())[0].Fields["company"]);

        var updated = await harness.ImportAsync("phone,name,company,budget\n+1 415 555 0101,Ana B,Globex,\n", ExistingLeadAction.Update);
        Assert.Equal((0, 1, 0), (updated.Created, updated.Updated, updated.Skipped));
        var lead = Assert.Single(await harness.LeadsAsync());
        Assert.Equal("Ana B", lead.Name);
        Assert.Equal("Globex", lead.Fields["company"]);
        Assert.Equal("100", lead.Fields["budget"]);
        var query = new LeadQuery(harness.Connections, new Domain.Organizations.FixedOrganizationScope(harness.OrganizationId));
        Assert.Equal(1, (await query.PageAsync(new LeadFilter { Search = "Globex" })).Total);
        Assert.Equal(0, (await query.PageAsync(new LeadFilter { Search = "Acme" })).Total);
    }

    [SkippableFact]
    public async Task Imported_leads_sort_by_name_as_people_read_them_and_a_renaming_update_moves_them()
    {
        await harness.ImportAsync("""
            phone,name
            +14155550101,Zoë
            +14155550102,Álvaro
            +14155550103,Íñigo
            +14155550104,emma Visser
            +14155550105,Emma de Jong
            +14155550106,Émile
            """);
        var query = new LeadQuery(harness.Connections, new Domain.Organizations.FixedOrganizationScope(harness.OrganizationId));
        async Task<IEnumerable<string>> ByNameAsync() =>
            (await query.PageAsync(new LeadFilter { SortBy = LeadSortField.Name, Descending = false })).Rows.Select(r => r.Name);

        Assert.Equal(["Álvaro", "Émile", "Emma de Jong", "emma Visser", "Íñigo", "Zoë"], await ByNameAsync());

        await harness.ImportAsync("phone,name\n+14155550101,Ådne Ås\n", ExistingLeadAction.Update);
        Assert.Equal(["Ådne Ås", "Álvaro", "Émile", "Emma de Jong", "emma Visser", "Íñigo"], await ByNameAsync());
        await using var connection = harness.Connections.Open();
        await using var keys = connection.CreateCommand();
        keys.CommandText = "SELECT \"SortName\" FROM \"Leads\" ORDER BY \"Id\"";
        var stored = new List<string?>();
        await using (var reader = await keys.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                stored.Add(reader.IsDBNull(0) ? null : reader.GetString(0));
        Assert.Equal(["adne as", "alvaro", "inigo", "emma visser", "emma de jong", "emile"], stored);
    }

    [SkippableFact]
    public async Task Undo_removes_the_leads_the_import_created_unless_one_has_activity()
    {
        var first = await harness.ImportAsync("phone,name\n+14155550101,Ana\n+14155550102,Ben\n");
        var second = await harness.ImportAsync("phone,name\n+14155550103,Cleo\n");
        await using (var db = harness.Database.Context(harness.OrganizationId))
        {
            var cleo = db.Leads.Single(l => l.Name == "Cleo");
            db.Activities.Add(new Activity { LeadId = cleo.Id, CampaignId = cleo.CampaignId, Kind = ActivityKind.Call, OccurredAt = DateTime.UtcNow, CallOutcome = CallOutcome.NoAnswer });
            await db.SaveChangesAsync();
        }

        var refused = await harness.Importer.UndoAsync(second.Id);
        Assert.Contains("1 of the leads this import created already has activity", refused.Error);

        Assert.True((await harness.Importer.UndoAsync(first.Id)).Succeeded);
        Assert.Equal(["Cleo"], (await harness.LeadsAsync()).Select(l => l.Name));
        Assert.Equal(LeadImportState.Undone, (await harness.Importer.FindAsync(first.Id))!.State);
        Assert.False((await harness.Importer.UndoAsync(first.Id)).Succeeded);
        var query = new LeadQuery(harness.Connections, new Domain.Organizations.FixedOrganizationScope(harness.OrganizationId));
        Assert.Equal(0, (await query.PageAsync(new LeadFilter { Search = "Ana" })).Total);
    }

    [SkippableFact]
    public async Task The_history_lists_who_imported_which_file_and_the_counts()
    {
        await harness.ImportAsync("phone,name\n+14155550101,Ana\nnope,Ben\n");

        var entry = Assert.Single(await harness.Importer.HistoryAsync(harness.Campaign.Id));
        Assert.Equal(("Sam Rivera", "leads.csv", 1, 1), (entry.StartedBy, entry.FileName, entry.Created, entry.Rejected));
        Assert.NotNull(entry.FinishedAt);
    }

    [SkippableFact]
    public async Task Non_csv_names_and_files_over_the_limit_are_refused_before_they_are_stored()
    {
        var wrongName = await Assert.ThrowsAsync<ImportFileException>(() => harness.UploadAsync("phone\n+14155550101\n", "leads.xlsx"));
        Assert.Contains("not a .csv file", wrongName.Message);

        var small = new LeadImporter(harness.Database.Factory(harness.OrganizationId), new Domain.Organizations.FixedOrganizationScope(harness.OrganizationId), harness.Connections, harness.Storage, harness.Jobs,
            new Domain.Accounts.FixedUser("u", "U"), TimeProvider.System, new ImportSettings(MaxFileBytes: 10));
        var tooLarge = await Assert.ThrowsAsync<ImportFileException>(() => small.SaveUploadAsync(new MemoryStream(new byte[20]), "big.csv", 20));
        Assert.Contains("files up to 0 MB", tooLarge.Message);
    }
}

public sealed class LeadImporterOnSqliteTests() : LeadImporterTests(DatabaseProvider.Sqlite);

public sealed class LeadImporterOnPostgresTests() : LeadImporterTests(DatabaseProvider.Postgres);
