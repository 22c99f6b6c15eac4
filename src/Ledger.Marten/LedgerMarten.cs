using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using JasperFx.Events;
using Ledger.Domain;
using Marten;
using Weasel.Core;

namespace Ledger.Marten;

/// <summary>How Ledger configures a Marten store: one place, used by the gateway, the tests and the bench.</summary>
public static class LedgerMarten
{
    /// <summary>
    /// String stream ids (<c>req-{guid}</c>), snake_case JSON with enums as strings, every
    /// <see cref="EventTypeAttribute"/> type under its stable name (<c>V1.RequestAdmitted</c>), correlation
    /// and causation ids as Marten metadata, and nothing read silently wrong:
    /// <list type="bullet">
    /// <item>JSON whose members do not match the event type (another casing, another shape) throws instead
    /// of deserialising to defaults: Marten's stock options give a record with every field empty, no error;</item>
    /// <item>the daemon pauses a projection on an apply, serialisation or unknown-event error instead of
    /// skipping the event (Marten skips all three by default outside rebuilds).</item>
    /// </list>
    /// </summary>
    public static void Configure(StoreOptions options, EventAppendMode appendMode = EventAppendMode.Rich)
    {
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.SnakeCase, json =>
        {
            json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            json.RespectRequiredConstructorParameters = true;
            // enum members in snake_case, as every event before the move was written ("operator_console")
            foreach (var converter in json.Converters.OfType<JsonStringEnumConverter>().ToList())
                json.Converters.Remove(converter);
            json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });
        options.Events.StreamIdentity = StreamIdentity.AsString;
        options.Events.AppendMode = appendMode;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        // actor, org and the chain's hash (EventChain)
        options.Events.MetadataConfig.HeadersEnabled = true;
        foreach (var (type, name) in EventTypes(typeof(EventTypeAttribute).Assembly))
            options.Events.MapEventType(type, name);

        options.Projections.Errors.SkipApplyErrors = false;
        options.Projections.Errors.SkipSerializationErrors = false;
        options.Projections.Errors.SkipUnknownEvents = false;
        options.Projections.RebuildErrors.SkipApplyErrors = false;
        options.Projections.RebuildErrors.SkipSerializationErrors = false;
        options.Projections.RebuildErrors.SkipUnknownEvents = false;
    }

    /// <summary>Every type in <paramref name="assembly"/> with its stored name.</summary>
    public static IEnumerable<(Type Type, string Name)> EventTypes(Assembly assembly) =>
        from type in assembly.GetTypes()
        let attribute = type.GetCustomAttribute<EventTypeAttribute>()
        where attribute is not null
        select (type, attribute.Name);
}
