package clel.data.format;

/** Which of the two CIFAR-100 label bytes becomes the class label: the 100 fine classes or the 20 super-classes. */
public enum CifarLabelKind {
    FINE,
    COARSE
}
