using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LeadActivity.Domain.Persistence;

/// <summary>Stores UTC <see cref="DateTime"/>s as ticks and reads them back as UTC.</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTime, long>(
    v => ToTicks(v),
    v => new DateTime(v, DateTimeKind.Utc))
{
    public static long ToTicks(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value).Ticks;

    /// <summary>The stored form of an optional time, for the raw-SQL paths.</summary>
    public static long? ToTicks(DateTime? value) => value is { } v ? ToTicks(v) : null;
}

/// <summary>The JSON form of every JSON column, shared by EF and the raw bulk writers.</summary>
public static class JsonColumn
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;
}

internal sealed class JsonConverter<T>() : ValueConverter<T, string>(
    v => JsonColumn.Serialize(v),
    v => JsonColumn.Deserialize<T>(v));

internal sealed class JsonComparer<T>() : ValueComparer<T>(
    (a, b) => JsonColumn.Serialize(a) == JsonColumn.Serialize(b),
    v => JsonColumn.Serialize(v).GetHashCode(),
    v => JsonColumn.Deserialize<T>(JsonColumn.Serialize(v)));
