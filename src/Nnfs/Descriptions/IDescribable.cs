namespace Nnfs.Descriptions;

/// <summary>
/// A part of a model (layer, loss, accuracy or optimizer) that describes itself for saving: the kind it is and every
/// setting needed to build it again (Keras's <c>get_config</c>).
/// </summary>
/// <remarks>
/// A description is saved only when its kind is a row of the format's fixed table
/// (<see cref="Serialization.KnownKinds"/>) for exactly this part's type; that row reads it back. Every setting the
/// part's constructor takes, and any progress it keeps (an optimizer's iterations), must be in the description, or
/// a saved and loaded part would differ (the round-trip tests check this for every kind).
/// </remarks>
public interface IDescribable
{
    /// <summary>The part's kind and settings.</summary>
    Description Describe();
}
