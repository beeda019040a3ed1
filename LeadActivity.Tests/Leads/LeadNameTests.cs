using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Leads;

public sealed class LeadNameTests
{
    [Theory]
    [InlineData("Álvaro", "alvaro")]
    [InlineData("Íñigo", "inigo")]
    [InlineData("Zoë", "zoe")]
    [InlineData("Emma de Jong", "emma de jong")]
    [InlineData("  Emma \t de\u00a0 Jong ", "emma de jong")]
    [InlineData("Straße", "strasse")]
    [InlineData("Ærøskøbing", "aeroskobing")]
    [InlineData("Łukasz Ðorđević", "lukasz dordevic")]
    [InlineData("ﬁnn ＡＢＣ", "finn abc")]
    [InlineData("O'Brien-Smith", "o'brien-smith")]
    [InlineData("Nguyễn Thị Minh", "nguyen thi minh")]
    [InlineData("Иван Петров", "иван петров")]
    [InlineData("김민준", "김민준")]
    public void SortKey_folds_accents_case_and_spacing_as_a_list_of_names_is_read(string name, string key)
    {
        Assert.Equal(key, LeadName.SortKey(name));
    }

    [Fact]
    public void SortKey_orders_names_as_people_read_them()
    {
        string[] names = ["Zoë", "Íñigo", "emma Visser", "Émile", "Emma de Jong", "Álvaro", "Ann Lee", "Anna Bell"];

        var sorted = names.OrderBy(LeadName.SortKey, StringComparer.Ordinal);

        Assert.Equal(["Álvaro", "Ann Lee", "Anna Bell", "Émile", "Emma de Jong", "emma Visser", "Íñigo", "Zoë"], sorted);
    }

    [Fact]
    public void SortKey_is_cut_to_the_stored_length_without_splitting_a_character()
    {
        Assert.Equal(LeadName.MaxSortKeyLength, LeadName.SortKey(new string('a', 500)).Length);
        var emoji = new string('a', LeadName.MaxSortKeyLength - 1) + "😀😀";
        Assert.Equal(new string('a', LeadName.MaxSortKeyLength - 1), LeadName.SortKey(emoji));
        Assert.Equal("a\ud800b", LeadName.SortKey("A\ud800B")); // half a pair cannot be normalized: folded as written
    }
}
