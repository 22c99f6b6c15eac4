using Ledger.Domain;
using Ledger.EventStore;

namespace Ledger.Projections;

/// <summary>Every domain event type under its stable stored name.</summary>
public static class LedgerEvents
{
    public static EventTypeRegistry CreateRegistry()
    {
        var registry = new EventTypeRegistry(LedgerJson.Default);
        registry.RegisterFromAttributes(typeof(EventTypeAttribute).Assembly, typeof(EventTypeAttribute));
        return registry;
    }
}
