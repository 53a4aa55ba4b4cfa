using Nnfs.Models;

namespace Nnfs.Serialization;

/// <summary>
/// The book's names for saving and loading, as members of <see cref="Model"/>: <c>model.Save(path)</c>,
/// <c>Model.Load(path)</c>, <c>model.SaveParameters(path)</c>, <c>model.LoadParameters(path)</c>. Each calls the
/// <see cref="ModelFile"/> method of the same name.
/// </summary>
public static class ModelFileExtensions
{
    /// <param name="model">The model to save or load into.</param>
    extension(Model model)
    {
        /// <summary>Saves the whole model (the book's <c>model.save</c>); see <see cref="ModelFile.Save"/>.</summary>
        public void Save(string path) => ModelFile.Save(model, path);

        /// <summary>Saves the parameters only (the book's <c>model.save_parameters</c>); see <see cref="ModelFile.SaveParameters"/>.</summary>
        public void SaveParameters(string path) => ModelFile.SaveParameters(model, path);

        /// <summary>Loads parameters into this model (the book's <c>model.load_parameters</c>); see <see cref="ModelFile.LoadParameters"/>.</summary>
        public void LoadParameters(string path) => ModelFile.LoadParameters(model, path);
    }

    extension(Model)
    {
        /// <summary>Loads a saved model (the book's <c>Model.load</c>); see <see cref="ModelFile.Load"/>.</summary>
        public static Model Load(string path) => ModelFile.Load(path);
    }
}
