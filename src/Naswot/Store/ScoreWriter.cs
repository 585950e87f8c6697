using System.Diagnostics;

namespace Naswot.Store;

/// <summary>
/// Adds scores to a <see cref="ScoreStore"/> in transactions of a few rows or seconds: fast enough for a search
/// that scores thousands of cells, and a kill loses only the rows since the last commit.
/// </summary>
public sealed class ScoreWriter : IDisposable
{
    private readonly ScoreStore _store;
    private readonly int _rowsPerCommit;
    private readonly TimeSpan _maxDelay;
    private readonly Stopwatch _sinceFirstRow = new();
    private int _pending;
    private bool _disposed;

    internal ScoreWriter(ScoreStore store, int rowsPerCommit, TimeSpan maxDelay)
    {
        _store = store;
        _rowsPerCommit = rowsPerCommit;
        _maxDelay = maxDelay;
    }

    /// <summary>Rows added but not yet committed.</summary>
    public int Pending => _pending;

    /// <summary>Adds or replaces the score of <paramref name="key"/>; commits when the batch is full or old enough.</summary>
    public void Add(ScoreKey key, StoredScore score)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_pending == 0)
        {
            _store.Begin();
            _sinceFirstRow.Restart();
        }
        _store.Upsert(key, score);
        _pending++;
        if (_pending >= _rowsPerCommit || _sinceFirstRow.Elapsed >= _maxDelay) Commit();
    }

    /// <summary>Commits the rows added so far.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _store.Commit();
        _pending = 0;
    }

    /// <summary>Commits what is pending and releases the store for the next writer.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _store.EndWriting();
    }
}
