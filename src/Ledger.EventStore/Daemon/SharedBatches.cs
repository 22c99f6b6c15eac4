namespace Ledger.EventStore;

/// <summary>
/// The batches this node's projections read lately, by the checkpoint each starts after. A batch is
/// final: every transaction below the horizon it was read at had ended, so nothing can ever appear
/// between its events, and any projection standing at that checkpoint may apply it as it is. The
/// projections a node leads usually move in step, so one read (and one deserialisation) serves them
/// all instead of each reading the same events again.
/// </summary>
internal sealed class SharedBatches(int capacity)
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Checkpoint, IReadOnlyList<RecordedEvent>> _batches = [];
    private readonly Queue<Checkpoint> _order = new();
    private long _reads;

    /// <summary>How many batches holding events were read from the database (for tests).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    public IReadOnlyList<RecordedEvent>? Find(Checkpoint after)
    {
        lock (_lock) return _batches.GetValueOrDefault(after);
    }

    public void Remember(Checkpoint after, IReadOnlyList<RecordedEvent> batch)
    {
        if (batch.Count == 0) return;
        Interlocked.Increment(ref _reads);
        lock (_lock)
        {
            if (!_batches.TryAdd(after, batch)) return;
            _order.Enqueue(after);
            while (_order.Count > capacity) _batches.Remove(_order.Dequeue());
        }
    }
}
