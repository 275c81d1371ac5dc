"""Unit tests of course/linalg.py: the computations behind series 02's demos and widgets.

scipy and numpy's LAPACK routines are the reference; amplification factors are checked against
their exact values (1 and kappa) on the singular directions. Any warning is an error.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg

from course import linalg
from course.linalg import (
    matrix_2x2,
    matrix_with_condition,
    orthogonality_losses,
    perturbation_model,
    wilkinson_matrix,
)

pytestmark = pytest.mark.filterwarnings("error")


@pytest.mark.parametrize("n", [1, 2, 5, 30])
def test_wilkinson_matrix_reaches_the_growth_bound(n):
    """Does partial pivoting on Wilkinson's matrix give max|U| = 2**(n-1) with no row exchange?"""
    matrix = wilkinson_matrix(n)
    p, _, u = scipy.linalg.lu(matrix)
    np.testing.assert_array_equal(p, np.eye(n))
    assert np.abs(u).max() == 2.0 ** (n - 1)
    assert matrix[-1, 0] == (-1.0 if n > 1 else 1.0) and (matrix[:, -1] == 1.0).all()


def test_wilkinson_matrix_rejects_an_empty_size():
    """Does n = 0 raise a ValueError naming n?"""
    with pytest.raises(ValueError, match="n must be"):
        wilkinson_matrix(0)


@pytest.mark.parametrize(("m", "n", "kappa"), [(5, 5, 1.0), (40, 12, 1e6), (30, 3, 1e12)])
def test_matrix_with_condition_has_the_singular_values_asked(m, n, kappa):
    """Are the singular values logspaced from 1 to 1/kappa (to rounding)?"""
    matrix = matrix_with_condition(m, n, kappa, np.random.default_rng(0))
    assert matrix.shape == (m, n)
    singular_values = np.linalg.svd(matrix, compute_uv=False)
    expected = np.logspace(0, -math.log10(kappa), n)
    np.testing.assert_allclose(singular_values, expected, rtol=1e-12 * kappa + 1e-13)


def test_matrix_with_condition_rejects_wide_shapes_and_small_kappa():
    """Do m < n and kappa < 1 raise ValueError?"""
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="m >= n"):
        matrix_with_condition(2, 3, 10.0, rng)
    with pytest.raises(ValueError, match="kappa"):
        matrix_with_condition(3, 3, 0.5, rng)


def test_orthogonality_losses_follow_kappa_squared_kappa_and_one():
    """Do the losses grow like kappa**2 u (classical), kappa u (modified) and u (Householder)?"""
    rng = np.random.default_rng(2)
    low = orthogonality_losses(matrix_with_condition(60, 15, 1e2, rng))
    high = orthogonality_losses(matrix_with_condition(60, 15, 1e6, rng))
    assert set(low) == {"classical", "modified", "householder"}
    assert 1e-7 < high["classical"] < 1e-3 and 1e-13 < high["modified"] < 1e-9
    assert max(low["householder"], high["householder"]) < 1e-13
    # Four decades more of kappa: about eight decades more for classical, four for modified.
    assert high["classical"] / low["classical"] > 1e6
    assert 1e2 < high["modified"] / low["modified"] < 1e6


def test_orthogonality_losses_are_tiny_on_an_orthogonal_matrix():
    """Does an already orthonormal matrix lose nothing, in all three methods?"""
    q, _ = np.linalg.qr(np.random.default_rng(3).standard_normal((10, 4)))
    assert max(orthogonality_losses(q).values()) < 1e-14


@pytest.mark.parametrize("kappa", [1.0, 10.0, 1e6])
def test_matrix_2x2_has_singular_values_one_and_one_over_kappa(kappa):
    """Are the singular values exactly those asked, for any tilt?"""
    for tilt in (0.0, 0.5, 2.0):
        singular_values = np.linalg.svd(matrix_2x2(kappa, tilt), compute_uv=False)
        # The SVD's absolute error is about eps * sigma_1, whatever the size of sigma_2.
        np.testing.assert_allclose(singular_values, [1.0, 1.0 / kappa], rtol=0, atol=1e-15)
    with pytest.raises(ValueError, match="kappa"):
        matrix_2x2(0.5)


@pytest.mark.parametrize("kappa", [1.0, 1e3, 1e8])
def test_perturbation_amplification_is_one_to_kappa(kappa):
    """Is the amplification 1 along b's own direction, kappa along u_2, and never above kappa?"""
    tilt = 0.5
    along_b = perturbation_model(kappa, 1e-6, tilt, tilt)
    across = perturbation_model(kappa, 1e-6, tilt + math.pi / 2, tilt)
    assert along_b.kappa == pytest.approx(kappa, rel=1e-15 * kappa + 1e-12)
    assert along_b.relative_in == pytest.approx(1e-6, rel=1e-12)
    # Rounding in the two solves is about kappa * eps relative to x, 1e-6 of it is the change.
    assert along_b.amplification == pytest.approx(1.0, rel=1e-3)
    assert across.amplification == pytest.approx(kappa, rel=1e-5)
    assert across.digits_lost == pytest.approx(math.log10(kappa), abs=1e-5)
    for angle in np.linspace(0, math.pi, 13):
        model = perturbation_model(kappa, 1e-4, angle, tilt)
        assert 1 - 1e-3 <= model.amplification <= kappa * (1 + 1e-3)


def test_perturbation_circle_image_has_semi_axes_one_and_kappa():
    """Is the image of the unit circle under A^-1 an ellipse with semi-axes 1 and kappa?"""
    model = perturbation_model(100.0, 1e-3, 1.0, points=721)
    radii = np.linalg.norm(model.circle_image, axis=0)
    assert model.circle_image.shape == (2, 721)
    # The long axis is flat along the samples, the short one steep: 0.25 degrees off it is 1.09.
    assert radii.max() == pytest.approx(100.0, rel=1e-4)
    assert 1.0 - 1e-12 <= radii.min() < 1.1
    np.testing.assert_allclose(model.matrix @ model.x, model.b, atol=1e-12)


def test_perturbation_rejects_a_non_positive_size():
    """Does relative <= 0 raise a ValueError naming it?"""
    with pytest.raises(ValueError, match="relative"):
        perturbation_model(10.0, 0.0, 0.0)


def test_module_ships_no_exercise_function():
    """Does course.linalg avoid the names of series 02's exercises?"""
    asked = {
        "lu_factor", "lu_solve", "growth_factor", "cholesky", "householder_qr", "gram_schmidt",
        "lstsq_qr", "lstsq_normal", "conjugate_gradient", "pcg_jacobi", "power_iteration",
        "lanczos", "randomized_svd", "csr_matvec",
    }  # fmt: skip
    assert not asked & set(dir(linalg))


def test_cg_run_follows_the_sqrt_kappa_bound_on_chebyshev_eigenvalues():
    """Does CG stay under 2 q**k, and take about sqrt(kappa)/2 ln(2/tol) steps where it is sharp?"""
    run = linalg.cg_run(1e2, spectrum="chebyshev")
    assert run.errors[0] == 1.0 and run.residuals[0] == pytest.approx(1.0, rel=1e-15)
    assert len(run.errors) == len(run.residuals) == len(run.bound) == run.iterations + 1
    assert (run.errors <= run.bound * (1 + 1e-6) + 1e-12).all()
    assert run.residuals[-1] <= 1e-10 and run.residuals[-2] > 1e-10
    assert 0.7 * run.predicted_iterations < run.iterations <= 1.05 * run.predicted_iterations


def test_cg_run_jacobi_undoes_a_diagonal_scaling():
    """Does a scaling over 6 decades ruin plain CG, and Jacobi restore its iteration count?"""
    plain = linalg.cg_run(1e2)
    scaled = linalg.cg_run(1e2, scaling_decades=6)
    jacobi = linalg.cg_run(1e2, scaling_decades=6, jacobi=True)
    assert scaled.kappa > 1e11 and scaled.effective_kappa > 1e11
    assert jacobi.effective_kappa < 10 * plain.effective_kappa
    assert scaled.iterations > 5 * plain.iterations
    assert jacobi.iterations < 2 * plain.iterations and jacobi.errors[-1] < 1e-8


def test_cg_run_rejects_bad_arguments():
    """Do an unknown spectrum, kappa < 1 and negative scaling raise ValueError?"""
    with pytest.raises(ValueError, match="spectrum"):
        linalg.cg_run(10.0, spectrum="random")
    with pytest.raises(ValueError, match="kappa"):
        linalg.cg_run(0.5)
    with pytest.raises(ValueError, match="scaling_decades"):
        linalg.cg_run(10.0, scaling_decades=-1.0)


def test_cg_viewer_says_when_the_estimate_passes_n():
    """Does the CG viewer's readout say that CG ends within n steps when the bound's estimate
    exceeds n (kappa 1e6: about 7,000 predicted for n = 200), and only then?"""
    from course.widgets.cg_convergence import readout_html

    large, small = linalg.cg_run(1e6), linalg.cg_run(1e2)
    assert large.predicted_iterations > large.size == 200 > small.predicted_iterations
    assert "ends within n steps" in readout_html(large)
    assert "ends within n steps" not in readout_html(small)
