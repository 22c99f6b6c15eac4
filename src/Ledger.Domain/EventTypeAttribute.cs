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
