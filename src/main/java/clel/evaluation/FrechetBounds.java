package clel.evaluation;

/**
 * What a Frechet distance means on its own scale, for one reference set, feature extractor and sample count N: the
 * floor is the distance of N real images that are not in the reference (the best a model can hope for with N
 * samples), the ceiling that of N images of uniform noise U(0, 1) (the sampler's starting point).
 *
 * @param floor   FD of N held-out real images
 * @param ceiling FD of N uniform-noise images
 */
public record FrechetBounds(double floor, double ceiling) {

    /** Where {@code fd} lies between floor (0) and ceiling (1): (fd - floor) / (ceiling - floor). */
    public double relative(double fd) {
        return (fd - floor) / (ceiling - floor);
    }
}
