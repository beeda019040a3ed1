using LeadActivity.Domain.Leads;

namespace LeadActivity.Tests.Leads;

public sealed class PhoneNumberRulesTests
{
    [Theory]
    [InlineData("+14155550132", "+14155550132")]
    [InlineData("+1 (415) 555-0132", "+14155550132")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("+49 30.1234567", "+49301234567")]
    public void Numbers_with_a_country_code_are_stored_as_E164(string input, string expected)
    {
        var result = PhoneNumberRules.Parse(input);

        Assert.True(result.IsValid, result.Reason);
        Assert.Equal(expected, result.E164);
    }

    [Fact]
    public void A_local_number_is_rejected_with_the_E164_form_as_the_suggested_fix()
    {
        var result = PhoneNumberRules.Parse("(415) 555-0132", "US");

        Assert.Equal(PhoneProblem.LocalFormat, result.Problem);
        Assert.Equal("+14155550132", result.Suggestion);
        Assert.Contains("add the country code", result.Reason);
        Assert.Contains("+14155550132", result.Reason);
    }

    [Theory]
    [InlineData("+1 415 555", PhoneProblem.Invalid)]
    [InlineData("+44 1", PhoneProblem.Invalid)]
    [InlineData("+1 800 FLOWERS", PhoneProblem.Letters)]
    [InlineData("1.41555501E+10", PhoneProblem.ScientificNotation)]
    [InlineData("  ", PhoneProblem.Empty)]
    public void Bad_numbers_are_rejected_with_their_reason(string input, PhoneProblem expected)
    {
        Assert.Equal(expected, PhoneNumberRules.Parse(input, "US").Problem);
    }

    [Fact]
    public void Stored_numbers_format_for_people_and_know_their_country()
    {
        Assert.Equal("+44 20 7946 0958", PhoneNumberRules.FormatInternational("+442079460958"));
        Assert.Equal("GB", PhoneNumberRules.RegionOf("+442079460958"));
    }
}
