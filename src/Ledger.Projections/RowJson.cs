using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.Projections;

/// <summary>How read-model rows are stored in jsonb columns: snake_case, enums as strings.</summary>
public static class RowJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string Write<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new InvalidOperationException($"Empty {typeof(T).Name} row.");
}
