namespace Ledger.EventStore.Tests.Support;

/// <summary>Stands in for the domain's [EventType]: the store only knows it by its Name property.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class TestEventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}

public enum Channel { Api, OperatorConsole }

[TestEventType("V1.Deposited")]
public sealed record Deposited(decimal Amount, Channel Channel);

[TestEventType("V1.Withdrawn")]
public sealed record Withdrawn(decimal Amount);

[TestEventType("V1.Noted")]
public sealed record Noted(string Text);

public static class TestEvents
{
    public static EventTypeRegistry Registry() =>
        new EventTypeRegistry().RegisterFromAttributes(typeof(TestEvents).Assembly, typeof(TestEventTypeAttribute));

    /// <summary>The test event types under their names, for Marten's event mapping.</summary>
    public static IEnumerable<(Type Type, string Name)> Types =>
        from type in typeof(TestEvents).Assembly.GetTypes()
        let attribute = (TestEventTypeAttribute?)Attribute.GetCustomAttribute(type, typeof(TestEventTypeAttribute))
        where attribute is not null
        select (type, attribute.Name);

    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static NewEvent Deposit(decimal amount = 10m) => new(Guid.NewGuid(), new Deposited(amount, Channel.Api));

    public static StreamAppend To(string streamId, ExpectedVersion expected, params NewEvent[] events) =>
        new(streamId, "account", null, expected, events, EventMetadata.System(), Epoch);

    public static StreamAppend To(string streamId, params NewEvent[] events) => To(streamId, ExpectedVersion.Any, events);

    public static string NewStreamId() => "account-" + Guid.NewGuid().ToString("N")[..12];
}
