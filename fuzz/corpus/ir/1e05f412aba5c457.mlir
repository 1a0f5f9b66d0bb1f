func.func @unsigned_folds() -> (tensor<ui8>, tensor<i1>, tensor<ui8>, tensor<i32>, tensor<f32>, tensor<ui8>, tensor<i8>, tensor<ui8>) {
  %a = kiln.constant dense<200> : tensor<ui8>
  %b = kiln.constant dense<3> : tensor<ui8>
  %eight = kiln.constant dense<8> : tensor<ui8>
  %one = kiln.constant dense<1> : tensor<ui8>
  %neg = kiln.constant dense<-100> : tensor<i8>
  %nine = kiln.constant dense<9> : tensor<i8>
  %0 = kiln.div %a, %b : tensor<ui8>
  %1 = kiln.compare gt, %a, %b : (tensor<ui8>, tensor<ui8>) -> tensor<i1>
  %2 = kiln.max %a, %b : tensor<ui8>
  %3 = kiln.cast %a : tensor<ui8> to tensor<i32>
  %4 = kiln.cast %a : tensor<ui8> to tensor<f32>
  %5 = kiln.shift_left %a, %eight : tensor<ui8>
  %6 = kiln.shift_right %neg, %nine : tensor<i8>
  %7 = kiln.shift_right %a, %b : tensor<ui8>
  return %0, %1, %2, %3, %4, %5, %6, %7 : tensor<ui8>, tensor<i1>, tensor<ui8>, tensor<i32>, tensor<f32>, tensor<ui8>, tensor<i8>, tensor<ui8>
}
