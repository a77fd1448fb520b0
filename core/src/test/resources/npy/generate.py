# Regenerates the reference .npy files read by lrnn.io.NpyTest (written with numpy 2.4.6):
#   cd core/src/test/resources/npy && python3 generate.py
import numpy as np
from numpy.lib import format as F

a = np.arange(24, dtype=np.float64).reshape(2, 3, 4) / 7.0 - 1.5
a[1, 2, 3] = 1e-300
a[0, 0, 0] = -0.0
np.save('f8_c_2x3x4.npy', a)
np.save('f4_3x5.npy', (np.arange(15, dtype=np.float32).reshape(3, 5) / 3).astype(np.float32))
np.save('f8_big_endian_4.npy', np.arange(4, dtype='>f8'))
np.save('f8_fortran_3x4.npy', np.asfortranarray(np.arange(12, dtype=np.float64).reshape(3, 4)))
np.save('i8_5.npy', np.arange(5, dtype=np.int64))
with open('f8_v2_2x3.npy', 'wb') as f:
    F.write_array(f, np.arange(6, dtype=np.float64).reshape(2, 3) * 0.25, version=(2, 0))
with open('f4_v3_4.npy', 'wb') as f:
    F.write_array(f, np.array([1.5, -2.0, 3.25, np.pi], dtype=np.float32), version=(3, 0))
np.save('f8_scalar.npy', np.float64(2.718281828459045))
np.save('f8_0x3.npy', np.zeros((0, 3)))
np.save('f8_nan_2x3.npy', np.array([[0, 1, 2], [3, np.nan, 5]], dtype=np.float64))
np.save('c16_2.npy', np.array([1 + 2j, 3 - 1j]))
np.save('f8_1d_7.npy', np.linspace(0, 1, 7))
