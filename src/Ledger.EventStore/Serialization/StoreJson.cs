using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ledger.EventStore;

/// <summary>Build-time serialisation code for the store's own documents: every event carries its metadata.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EventMetadata))]
internal sealed partial class StoreJson : JsonSerializerContext;
