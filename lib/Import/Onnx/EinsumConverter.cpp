//===- EinsumConverter.cpp - ONNX Einsum ----------------------------------===//
//
// Einsum as kiln.dot products: operands are combined left to right; labels
// only one side has and nobody needs later are summed out first, labels
// both sides share become batch (kept) or contracting (summed) dimensions
// of one kiln.dot, and a transpose puts the result in the requested order.
// Ellipses expand to the operand's extra dimensions. A label repeated
// within one operand (a diagonal, or with the sum a trace) first takes the
// diagonal: the elements where those dimensions' positions agree.
//
//===----------------------------------------------------------------------===//

#include "ConverterUtils.h"

#include "llvm/ADT/StringExtras.h"

using namespace mlir;
using namespace mlir::kiln;
using namespace mlir::kiln::onnx_import;

namespace {

/// A value and the label of each of its dimensions.
struct Term {
  Value value;
  SmallVector<int> labels;
};

/// Labels of one operand's subscript; ellipsis dimensions get labels
/// 1000.. aligned from the right, as broadcasting aligns them.
FailureOr<SmallVector<int>> parseTerm(NodeContext &n, llvm::StringRef text,
                                      int64_t rank, int64_t &ellipsisRank) {
  SmallVector<int> labels;
  size_t dots = text.find("...");
  int64_t letters = 0;
  for (char c : text)
    letters += llvm::isAlpha(c);
  if (dots == llvm::StringRef::npos && letters != rank) {
    n.error() << "subscript '" << text << "' has " << letters
              << " labels for an operand of rank " << rank;
    return failure();
  }
  int64_t extra = rank - letters;
  if (dots != llvm::StringRef::npos) {
    if (extra < 0) {
      n.error() << "subscript '" << text << "' has more labels than rank "
                << rank;
      return failure();
    }
    ellipsisRank = std::max(ellipsisRank, extra);
  }
  for (size_t i = 0; i < text.size(); ++i) {
    if (text.substr(i).starts_with("...")) {
      for (int64_t e = 0; e < extra; ++e)
        labels.push_back(1000 + static_cast<int>(ellipsisRank - extra + e));
      i += 2;
      continue;
    }
    char c = text[i];
    if (!llvm::isAlpha(c)) {
      n.error() << "subscript '" << text << "' has the character '" << c << "'";
      return failure();
    }
    labels.push_back(c);
  }
  return labels;
}

/// `term` with each label that repeats in it kept once: the elements whose
/// positions along the repeated dimensions agree (selected with an iota
/// comparison, the rest summed away as zeros).
Term takeDiagonals(KilnBuilder &k, Term term) {
  for (size_t q = 1; q < term.labels.size(); ++q) {
    auto first =
        llvm::find(ArrayRef(term.labels).take_front(q), term.labels[q]);
    if (first == term.labels.begin() + q)
      continue;
    int64_t p = first - term.labels.begin();
    RankedTensorType type = typeOf(term.value);
    Type i64 = k.builder().getI64Type();
    Value same =
        k.compare(CompareDirection::eq, k.iota(type.getShape(), i64, p),
                  k.iota(type.getShape(), i64, q));
    Value kept = k.select(same, term.value, k.scalarLike(term.value, 0));
    term.value = k.reduceSum(kept, {static_cast<int64_t>(q)}, false);
    term.labels.erase(term.labels.begin() + q);
    --q;
  }
  return term;
}

/// Sums `term` over its labels that are not in `keep`.
Term sumOut(KilnBuilder &k, Term term, ArrayRef<int> keep) {
  SmallVector<int64_t> dims;
  SmallVector<int> kept;
  for (auto [d, label] : llvm::enumerate(term.labels)) {
    if (llvm::is_contained(keep, label))
      kept.push_back(label);
    else
      dims.push_back(d);
  }
  if (dims.empty())
    return term;
  return {k.reduceSum(term.value, dims, false), kept};
}

LogicalResult convertEinsum(NodeContext &n) {
  std::string equation = n.stringAttr("equation", "");
  equation.erase(llvm::remove_if(equation, llvm::isSpace), equation.end());
  llvm::StringRef text(equation);
  auto [inputsText, outputText] = text.split("->");
  bool explicitOutput = text.contains("->");
  SmallVector<llvm::StringRef> subscripts;
  inputsText.split(subscripts, ',');
  if (static_cast<int>(subscripts.size()) != n.node.input_size())
    return n.error() << "equation '" << equation << "' has "
                     << subscripts.size() << " operands, the node "
                     << n.node.input_size();
  int64_t ellipsisRank = 0;
  SmallVector<Term> terms;
  for (auto [i, subscript] : llvm::enumerate(subscripts)) {
    FailureOr<Value> value = n.requiredInput(i);
    if (failed(value))
      return failure();
    FailureOr<SmallVector<int>> labels =
        parseTerm(n, subscript, typeOf(*value).getRank(), ellipsisRank);
    if (failed(labels))
      return failure();
    terms.push_back({*value, *labels});
  }
  // Label sizes must agree (no broadcasting of size-1 dimensions).
  llvm::DenseMap<int, int64_t> sizes;
  for (const Term &term : terms)
    for (auto [d, label] : llvm::enumerate(term.labels)) {
      int64_t size = typeOf(term.value).getDimSize(d);
      auto [it, inserted] = sizes.try_emplace(label, size);
      if (!inserted && it->second != size)
        return n.error() << "a label has sizes " << it->second << " and "
                         << size << "; broadcasting is not supported";
    }
  SmallVector<int> output;
  if (explicitOutput) {
    int64_t unused = ellipsisRank;
    int64_t outRank = 0;
    for (char c : outputText)
      outRank += llvm::isAlpha(c);
    if (outputText.contains("..."))
      outRank += ellipsisRank;
    FailureOr<SmallVector<int>> labels =
        parseTerm(n, outputText, outRank, unused);
    if (failed(labels))
      return failure();
    output = *labels;
    for (int label : output)
      if (!sizes.count(label))
        return n.error() << "output label '" << static_cast<char>(label)
                         << "' is in no operand";
  } else {
    // Implicit output: the ellipsis, then labels seen once, sorted.
    for (int64_t e = 0; e < ellipsisRank; ++e)
      output.push_back(1000 + static_cast<int>(e));
    llvm::DenseMap<int, int> count;
    for (const Term &term : terms)
      for (int label : term.labels)
        ++count[label];
    SmallVector<int> once;
    for (auto [label, c] : count)
      if (c == 1 && label < 1000)
        once.push_back(label);
    llvm::sort(once);
    llvm::append_range(output, once);
  }

  KilnBuilder k(n.b);
  for (Term &term : terms)
    term = takeDiagonals(k, term);
  // Labels needed after operand i: the output's and later operands'.
  auto neededAfter = [&](size_t i) {
    SmallVector<int> needed(output);
    for (size_t j = i + 1; j < terms.size(); ++j)
      llvm::append_range(needed, terms[j].labels);
    return needed;
  };
  Term acc = terms[0];
  for (size_t i = 1; i < terms.size(); ++i) {
    SmallVector<int> needed = neededAfter(i);
    // Each side keeps what the other side or later ones need.
    SmallVector<int> keepLhs(needed), keepRhs(needed);
    llvm::append_range(keepLhs, terms[i].labels);
    llvm::append_range(keepRhs, acc.labels);
    Term lhs = sumOut(k, acc, keepLhs), rhs = sumOut(k, terms[i], keepRhs);
    SmallVector<int64_t> lhsBatch, rhsBatch, lhsContract, rhsContract;
    SmallVector<int> labels;
    for (auto [d, label] : llvm::enumerate(lhs.labels)) {
      auto it = llvm::find(rhs.labels, label);
      if (it == rhs.labels.end())
        continue;
      int64_t r = it - rhs.labels.begin();
      if (llvm::is_contained(needed, label)) {
        lhsBatch.push_back(d);
        rhsBatch.push_back(r);
        labels.push_back(label);
      } else {
        lhsContract.push_back(d);
        rhsContract.push_back(r);
      }
    }
    for (int label : lhs.labels)
      if (!llvm::is_contained(rhs.labels, label))
        labels.push_back(label);
    for (int label : rhs.labels)
      if (!llvm::is_contained(lhs.labels, label))
        labels.push_back(label);
    Value product = k.dot(lhs.value, rhs.value, lhsBatch, rhsBatch, lhsContract,
                          rhsContract);
    acc = {product, labels};
  }
  acc = sumOut(k, acc, output);
  SmallVector<int64_t> permutation;
  for (int label : output)
    permutation.push_back(llvm::find(acc.labels, label) - acc.labels.begin());
  n.setOutput(0, k.transpose(acc.value, permutation));
  return success();
}

} // namespace

void mlir::kiln::onnx_import::addEinsumConverter(ConverterMap &map) {
  map["Einsum"] = convertEinsum;
}
