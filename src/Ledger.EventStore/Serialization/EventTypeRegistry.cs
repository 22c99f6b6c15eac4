using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Ledger.EventStore;

/// <summary>
/// Maps stable stored names ("V1.KeyMinted") to CLR types and back, so renaming a class never
/// orphans stored events. Register everything at startup; lookups are thread-safe.
/// </summary>
/// <param name="generated">Build-time serialisation code for (some of) the event types; the rest use reflection.</param>
public sealed class EventTypeRegistry(IJsonTypeInfoResolver? generated = null)
{
    private readonly ConcurrentDictionary<string, Type> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Type, string> _names = new();

    /// <summary>The options every event and metadata document is written and read with.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = CreateJsonOptions();

    // the same options, first asking the generated code for an event type
    private readonly JsonSerializerOptions _options = generated is null ? JsonOptions : CreateJsonOptions(generated);

    public EventTypeRegistry Register(string name, Type type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(type);
        var storedType = _types.GetOrAdd(name, type);
        var storedName = _names.GetOrAdd(type, name);
        if (storedType != type || storedName != name)
            throw new InvalidOperationException(
                $"Event name '{name}' and type {type.FullName} conflict with '{storedName}' -> {storedType.FullName}.");
        return this;
    }

    public EventTypeRegistry Register<T>(string name) => Register(name, typeof(T));

    /// <summary>
    /// Registers every type in <paramref name="assembly"/> carrying <paramref name="attributeType"/>,
    /// named by that attribute's string <c>Name</c> property. Taking the attribute as a type keeps
    /// the store free of a reference to the domain that defines it.
    /// </summary>
    public EventTypeRegistry RegisterFromAttributes(Assembly assembly, Type attributeType)
    {
        var nameProperty = attributeType.GetProperty("Name", BindingFlags.Public | BindingFlags.Instance);
        if (!typeof(Attribute).IsAssignableFrom(attributeType) || nameProperty?.PropertyType != typeof(string))
            throw new ArgumentException($"{attributeType.FullName} is not an attribute with a string Name property.", nameof(attributeType));

        foreach (var type in assembly.GetTypes())
        foreach (var attribute in type.GetCustomAttributes(attributeType, inherit: false))
        {
            var name = (string?)nameProperty.GetValue(attribute)
                ?? throw new InvalidOperationException($"{type.FullName} has an event type attribute without a name.");
            Register(name, type);
        }
        return this;
    }

    public string NameOf(Type type) =>
        _names.TryGetValue(type, out var name)
            ? name
            : throw new InvalidOperationException($"{type.FullName} is not a registered event type.");

    internal byte[] SerializeToUtf8(object data) => JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), _options);

    /// <summary>The type stored under <paramref name="name"/>.</summary>
    public Type TypeOf(string name, long seq) =>
        _types.TryGetValue(name, out var type) ? type : throw new UnknownEventTypeException(name, seq);

    internal object Deserialize(string name, ReadOnlySpan<byte> json, long seq) =>
        _types.TryGetValue(name, out var type)
            ? JsonSerializer.Deserialize(json, type, _options) ?? throw new JsonException($"Event #{seq} has null data.")
            : throw new UnknownEventTypeException(name, seq);

    private static JsonSerializerOptions CreateJsonOptions(params IJsonTypeInfoResolver[] generated)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = JsonNamingPolicy.SnakeCaseLower,
            TypeInfoResolver = JsonTypeInfoResolver.Combine([.. generated, new DefaultJsonTypeInfoResolver()]),
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
