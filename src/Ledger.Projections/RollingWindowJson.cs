using System.Text.Json;
using System.Text.Json.Serialization;
using Ledger.Domain.Calendar;

namespace Ledger.Projections;

/// <summary>
/// A rolling window in a row as its first instant and then the gaps between instants, in ms:
/// [1796142615496, 438, 779, …]. A key admitted a hundred times a minute holds a hundred instants,
/// and at 14 digits each they made its row big enough for PostgreSQL to compress it on every
/// write; gaps take three or four. Rows written before as {"instants_ms": […]} still read.
/// </summary>
internal sealed class RollingWindowJson : JsonConverter<RollingWindow>
{
    public override RollingWindow Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            long[] absolute = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString();
                reader.Read();
                if (name == "instants_ms") absolute = JsonSerializer.Deserialize<long[]>(ref reader, options) ?? [];
                else reader.Skip();
            }
            return new RollingWindow(absolute);
        }
        if (reader.TokenType != JsonTokenType.StartArray)
            throw new JsonException("A rolling window is an array of its first instant and the gaps after it.");
        var instants = new List<long>();
        var previous = 0L;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            previous = instants.Count == 0 ? reader.GetInt64() : previous + reader.GetInt64();
            instants.Add(previous);
        }
        return new RollingWindow([.. instants]);
    }

    public override void Write(Utf8JsonWriter writer, RollingWindow value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var instants = value.InstantsMs;
        for (var i = 0; i < instants.Length; i++)
            writer.WriteNumberValue(i == 0 ? instants[0] : instants[i] - instants[i - 1]);
        writer.WriteEndArray();
    }
}
