namespace AndyAI.Host.Statistics;

/// <summary>
/// A fixed-size log-linear histogram of durations in microseconds: exact below 16 µs, then 16 sub-buckets per power
/// of two (so a reported percentile is within about 1/16 of the true value), up to about 12 days.
/// </summary>
internal sealed class DurationHistogram
{
    private const int SubBucketBits = 4;
    private const int SubBucketCount = 1 << SubBucketBits;
    private const int MaxExponent = 40;
    internal const int BucketCount = SubBucketCount + ((MaxExponent - SubBucketBits + 1) * SubBucketCount);

    private readonly long[] _buckets = new long[BucketCount];

    public void Record(TimeSpan duration)
    {
        long microseconds = duration.Ticks <= 0 ? 0 : duration.Ticks / TimeSpan.TicksPerMicrosecond;
        Interlocked.Increment(ref _buckets[IndexOf(microseconds)]);
    }

    public AndyAI.Abstractions.DurationSummary Summarize()
    {
        // One pass to copy: the percentiles then agree with the count even while samples keep arriving.
        long[] copy = new long[BucketCount];
        long count = 0;
        for (int i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref _buckets[i]);
            count += copy[i];
        }

        return new AndyAI.Abstractions.DurationSummary(count, Percentile(copy, count, 0.50), Percentile(copy, count, 0.95), Percentile(copy, count, 0.99));
    }

    internal static int IndexOf(long microseconds)
    {
        if (microseconds < SubBucketCount)
        {
            return (int)microseconds;
        }

        int exponent = Math.Min(63 - (int)long.LeadingZeroCount(microseconds), MaxExponent);
        if (exponent == MaxExponent && microseconds >= 2L << MaxExponent)
        {
            return BucketCount - 1;
        }

        int subBucket = (int)((microseconds >> (exponent - SubBucketBits)) & (SubBucketCount - 1));
        return SubBucketCount + ((exponent - SubBucketBits) * SubBucketCount) + subBucket;
    }

    /// <summary>The middle of a bucket's range, in microseconds.</summary>
    internal static long ValueOf(int index)
    {
        if (index < SubBucketCount)
        {
            return index;
        }

        int exponent = ((index - SubBucketCount) / SubBucketCount) + SubBucketBits;
        int subBucket = (index - SubBucketCount) % SubBucketCount;
        long lower = (long)(SubBucketCount + subBucket) << (exponent - SubBucketBits);
        long width = 1L << (exponent - SubBucketBits);
        return lower + (width / 2);
    }

    private static TimeSpan Percentile(long[] buckets, long count, double percentile)
    {
        if (count == 0)
        {
            return TimeSpan.Zero;
        }

        long rank = Math.Max(1, (long)Math.Ceiling(percentile * count));
        long seen = 0;
        for (int i = 0; i < buckets.Length; i++)
        {
            seen += buckets[i];
            if (seen >= rank)
            {
                return TimeSpan.FromTicks(ValueOf(i) * TimeSpan.TicksPerMicrosecond);
            }
        }

        return TimeSpan.FromTicks(ValueOf(buckets.Length - 1) * TimeSpan.TicksPerMicrosecond);
    }
}
