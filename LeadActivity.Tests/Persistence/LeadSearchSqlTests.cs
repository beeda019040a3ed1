using LeadActivity.Domain.Persistence.Postgres;
using LeadActivity.Domain.Persistence.Sqlite;

namespace LeadActivity.Tests.Persistence;

/// <summary>The same terms, written as each database's search query.</summary>
public sealed class LeadSearchSqlTests
{
    [Fact]
    public void Words_are_prefixes_of_the_text_columns_on_both_databases()
    {
        Assert.Equal("{name email fields} : (\"Jo\"* AND \"Müll\"*)", SqliteLeadSearchSql.MatchExpression("Jo Müll", ["US"]));
        Assert.Equal("'Jo':*A & 'Müll':*A", PostgresLeadSearchSql.TsQuery("Jo Müll", ["US"]));
    }

    [Fact]
    public void A_phone_number_is_a_prefix_of_the_reversed_digits_and_a_lone_number_a_word_too()
    {
        Assert.Equal("phones : (\"23105555141\"*)", SqliteLeadSearchSql.MatchExpression("+1 415-555-0132", ["US"]));
        Assert.Equal("'23105555141':*B", PostgresLeadSearchSql.TsQuery("+1 415-555-0132", ["US"]));
        Assert.Equal("phones : (\"2310\"*) OR {name email fields} : (\"0132\"*)", SqliteLeadSearchSql.MatchExpression("0132", ["US"]));
        Assert.Equal("('2310':*B) | ('0132':*A)", PostgresLeadSearchSql.TsQuery("0132", ["US"]));
    }

    [Fact]
    public void Nothing_to_search_for_is_no_query()
    {
        Assert.Null(SqliteLeadSearchSql.MatchExpression(" - ", ["US"]));
        Assert.Null(PostgresLeadSearchSql.TsQuery(null, ["US"]));
    }
}
