using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Bench.Tests;

/// <summary>
/// An item's size by DynamoDB's rule: the UTF-8 length of each attribute name plus its value's size (AWS, DynamoDB
/// Developer Guide, "Item sizes and formats": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html).
/// Strings only: the tests choose their items so that every size is exact by hand.
/// </summary>
internal static class ItemSize
{
    public static int Of(Dictionary<string, AttributeValue> item) => item.Sum(attribute =>
        Encoding.UTF8.GetByteCount(attribute.Key)
        + Encoding.UTF8.GetByteCount(attribute.Value.S ?? throw new ArgumentException($"{attribute.Key}: only string attributes have an exact size here", nameof(item))));
}
