namespace Ledger.Domain;

/// <summary>
/// The stable name an event is stored under. Renaming the class must not change it: stored events
/// outlive the code that wrote them.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

/// <summary>An event of an org's stream.</summary>
public interface IOrgEvent;

/// <summary>An event of a key's stream.</summary>
public interface IKeyEvent;

/// <summary>An event of a request's stream: its admission or refusal, then its settlement.</summary>
public interface IRequestEvent;

/// <summary>An event of the shared signup-credit pool's stream.</summary>
public interface IPromoEvent;
